import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { runRepositorySuite, type RepositoryFixture } from "@tessera/contract-tests/repository-suite";
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();

/**
 * The repositories of two stores on one file, taken in turn call by call: every race of the suite
 * is then split between two connections, as between two app processes sharing the file.
 */
function alternating(first: SqliteStore, second: SqliteStore): RepositoryFixture {
  let turn = 0;
  const split = <K extends keyof RepositoryFixture>(name: K): RepositoryFixture[K] =>
    new Proxy(first[name], {
      get: (_target, method) => {
        const store = turn++ % 2 ? second : first;
        const repository = store[name] as unknown as Record<PropertyKey, unknown>;
        const value = repository[method];
        return typeof value === "function" ? value.bind(repository) : value;
      },
    });
  return {
    users: split("users"),
    sessions: split("sessions"),
    attempts: split("attempts"),
    devices: split("devices"),
    accountTokens: split("accountTokens"),
    outbox: split("outbox"),
  };
}

/**
 * A connection in another thread: another process as far as SQLite knows, truly in parallel, with
 * the same busy timeout. `body` runs with `db` and `workerData` once `start` is called, and posts
 * its answer.
 */
async function otherThread(path: string, body: string, data: Record<string, unknown>) {
  const go = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { parentPort, workerData } = require("node:worker_threads");
    const Database = require(workerData.libsql);
    const db = new Database(workerData.path);
    db.exec("PRAGMA busy_timeout = 1500");
    parentPort.postMessage("ready");
    Atomics.wait(workerData.go, 0, 0);
    ${body}
    db.close();
    `,
    { eval: true, workerData: { libsql: createRequire(import.meta.url).resolve("libsql"), path, go, ...data } },
  );
  await once(worker, "message");
  // Both listened for now: a quick thread may answer and exit before `answer` is called.
  const answered = once(worker, "message");
  const exited = once(worker, "exit");
  return {
    start: () => {
      Atomics.store(go, 0, 1);
      Atomics.notify(go, 0);
    },
    answer: async () => {
      const [[answer]] = await Promise.all([answered, exited]);
      return answer as unknown;
    },
  };
}

describe("two stores on one SQLite file", () => {
  let first: SqliteStore;
  let second: SqliteStore;
  let fixture: RepositoryFixture;

  beforeAll(async () => {
    const path = files.file("shared");
    first = await openSqliteStore({ path });
    second = await openSqliteStore({ path });
    fixture = alternating(first, second);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  runRepositorySuite("sqlite, every other call through a second connection", {
    fresh: async () => {
      const raw = new Database(first.path);
      for (const table of ["sessions", "devices", "attempt_slots", "account_tokens", "outbox", "users"]) raw.exec(`DELETE FROM ${table}`);
      raw.close();
      return fixture;
    },
  });

  it("each sees what the other wrote, at once: a session started in one ends in both", async () => {
    const created = await first.users.create({ email: "seen@example.org", passwordHash: "h", createdAt: new Date(0) });
    if (!created.ok) throw new Error("user not created");
    expect(await second.users.findByEmail("seen@example.org")).toEqual(created.user);
    const session = await second.sessions.create({
      tokenDigest: "seen-digest",
      userId: created.user.id,
      credentialVersion: 1,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
      lastUsedAt: new Date(),
      userAgent: null,
    });
    expect((await first.sessions.findByTokenDigest("seen-digest"))?.session).toEqual(session);
    expect(await first.sessions.expire(session.id)).toBe(true);
    expect(await second.sessions.findByTokenDigest("seen-digest")).toBeNull();
    expect(await second.sessions.renew(session.id, new Date(Date.now() + 120_000), new Date())).toBe(false);
  });

  it("lets exactly one of 50 registrations of one email win, split between the two", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? second : first).users.create({ email: "race50@example.org", passwordHash: `h${i}`, createdAt: new Date(0) })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === "email_taken")).toHaveLength(49);
  });

  it("lets exactly one of 50 registrations of one email win while another thread inserts it at the same time", async () => {
    // The other thread inserts the way the repository does, 25 times.
    const email = "thread-race@example.org";
    const other = await otherThread(
      first.path,
      `
      const insert = db.prepare("INSERT INTO users (id, email, password_hash, credential_version, created_at) VALUES (?, ?, 'h', 1, 0)");
      let won = 0;
      for (let i = 0; i < 25; i++) {
        try { insert.run("worker-" + i, workerData.email); won++; }
        catch (error) { if (error.code !== "SQLITE_CONSTRAINT_UNIQUE") throw error; }
      }
      parentPort.postMessage(won);
      `,
      { email },
    );
    other.start();
    const ours = await Promise.all(
      Array.from({ length: 25 }, (_, i) => (i % 2 ? second : first).users.create({ email, passwordHash: `h${i}`, createdAt: new Date(0) })),
    );
    const theirs = (await other.answer()) as number;
    expect(ours.filter((result) => result.ok).length + theirs).toBe(1);
    expect(ours.filter((result) => !result.ok && result.reason === "email_taken")).toHaveLength(theirs ? 25 : 24);
  });

  it("keeps a new mail token's replacing of the old one whole while another process issues one for the same user and kind", async () => {
    // Our issue is stopped between its delete of the old token and its insert, and the other
    // thread issues the way the repository does meanwhile. Were the two steps not one transaction,
    // its token would land in between and our insert would fail on UNIQUE (user_id, kind).
    let between: (() => void) | undefined;
    const ours = await openSqliteStore({ path: first.path, onStatement: (sql) => sql.startsWith("INSERT INTO account_tokens") && between?.() });
    const created = await ours.users.create({ email: "issue-race@example.org", passwordHash: "h", createdAt: new Date(0) });
    if (!created.ok) throw new Error("user not created");
    const userId = created.user.id;
    const done = new Int32Array(new SharedArrayBuffer(4));
    const other = await otherThread(
      first.path,
      `
      db.exec("BEGIN IMMEDIATE");
      db.prepare("DELETE FROM account_tokens WHERE user_id = ? AND kind = 'verify'").run(workerData.userId);
      db.prepare("INSERT INTO account_tokens (digest, user_id, kind, email, new_email, credential_version, created_at, expires_at) VALUES ('theirs', ?, 'verify', 'a@example.org', NULL, 1, 0, 1)").run(workerData.userId);
      db.exec("COMMIT");
      Atomics.store(workerData.done, 0, 1);
      Atomics.notify(workerData.done, 0);
      parentPort.postMessage("issued");
      `,
      { userId, done },
    );
    between = () => {
      other.start();
      // Long enough for the other thread to finish, were it not held at BEGIN IMMEDIATE by our lock.
      expect(Atomics.wait(done, 0, 0, 300)).toBe("timed-out");
    };
    const token = { userId, kind: "verify", email: "a@example.org", newEmail: null, credentialVersion: 1, createdAt: new Date(0), expiresAt: new Date(1) } as const;
    await ours.accountTokens.issue("ours", token);
    between = undefined;
    await other.answer();
    await ours.close();
    // Theirs came after ours, whole: it replaced ours, and one stands.
    expect(await first.accountTokens.take("ours", ["verify"])).toBeNull();
    expect(await second.accountTokens.take("theirs", ["verify"])).toMatchObject({ userId });
  });
});
