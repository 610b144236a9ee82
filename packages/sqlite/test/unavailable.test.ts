import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../src/sqlite-store.js";
import { isUnavailable, isUniqueViolation } from "../src/unavailable.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();
const coded = (code: string) => Object.assign(new Error("x"), { code });

describe("what counts as the SQLite file being unavailable", () => {
  it.each([
    ["a lock held past the busy timeout", coded("SQLITE_BUSY")],
    ["a lock on a snapshot", coded("SQLITE_BUSY_SNAPSHOT")],
    ["a locked table", coded("SQLITE_LOCKED")],
    ["a disk failing", coded("SQLITE_IOERR_WRITE")],
    ["a full disk", coded("SQLITE_FULL")],
    ["a file gone read-only", coded("SQLITE_READONLY")],
    ["a file that cannot be opened", coded("SQLITE_CANTOPEN")],
    ["an outage under another error", new Error("wrapped", { cause: coded("SQLITE_BUSY") })],
  ])("%s is", (_case, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique constraint", coded("SQLITE_CONSTRAINT_UNIQUE")],
    ["a syntax error", coded("SQLITE_ERROR")],
    ["a corrupt file", coded("SQLITE_CORRUPT")],
    ["a bug", new TypeError("undefined is not a function")],
    ["not an error", "SQLITE_BUSY"],
  ])("%s is not", (_case, error) => {
    expect(isUnavailable(error)).toBe(false);
  });

  it("tells a unique or primary key violation from other constraints", () => {
    expect(isUniqueViolation(coded("SQLITE_CONSTRAINT_UNIQUE"))).toBe(true);
    expect(isUniqueViolation(coded("SQLITE_CONSTRAINT_PRIMARYKEY"))).toBe(true);
    expect(isUniqueViolation(coded("SQLITE_CONSTRAINT_FOREIGNKEY"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});

describe("an SQLite store that cannot be used", () => {
  it("answers StoreUnavailableError after close, from every repository, and ping says false", async () => {
    const store = await openSqliteStore({ path: files.file() });
    await store.close();
    const calls = [
      () => store.users.findByEmail("a@example.org"),
      () => store.users.create({ email: "a@example.org", passwordHash: "h", createdAt: new Date() }),
      () => store.sessions.findByTokenDigest("digest"),
      () => store.sessions.expire("000000000000000000000000"),
      () => store.attempts.take("account:a", { slot: 0, holder: "h", at: new Date(), expiresAt: new Date() }),
      () => store.devices.find("digest"),
      () => store.accountTokens.take("digest", ["reset"]),
      () => store.accountTokens.issue("digest", { userId: "u", kind: "reset", email: "a@example.org", newEmail: null, credentialVersion: 1, createdAt: new Date(), expiresAt: new Date() }),
      () => store.outbox.due(new Date(), 10),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.ping()).toBe(false);
    await store.close();
  });

  it("reads while another process holds the write lock; a write waits, then answers StoreUnavailableError within the busy timeout; it works once the lock is let go", async () => {
    const store = await openSqliteStore({ path: files.file(), busyTimeoutMs: 300 });
    const release = new SharedArrayBuffer(4);
    const holder = new Worker(
      `
      const { parentPort, workerData } = require("node:worker_threads");
      const Database = require(workerData.libsql);
      const db = new Database(workerData.path);
      db.exec("BEGIN EXCLUSIVE");
      parentPort.postMessage("holding");
      // Holds the lock until the test lets go (at most a minute, should the test die first).
      Atomics.wait(new Int32Array(workerData.release), 0, 0, 60000);
      db.exec("ROLLBACK");
      db.close();
      `,
      { eval: true, workerData: { libsql: createRequire(import.meta.url).resolve("libsql"), path: store.path, release } },
    );
    await once(holder, "message");
    // Readers never wait for the writer (WAL): the read path answers while the lock is held (were
    // it made to wait, it would fail as the write below does).
    expect(await store.sessions.findByTokenDigest("digest")).toBeNull();
    const started = Date.now();
    const creating = store.users.create({ email: "waits@example.org", passwordHash: "h", createdAt: new Date() });
    await expect(creating).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(creating).rejects.toThrow(`The SQLite file ${store.path} cannot be used now: database is locked`);
    // It waited out the busy timeout (the lock is held until released below), then gave up: a
    // request answers 503 rather than wait for the lock. A lower bound only: a slow machine waits longer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    Atomics.store(new Int32Array(release), 0, 1);
    Atomics.notify(new Int32Array(release), 0);
    await once(holder, "exit");
    expect((await store.users.create({ email: "waits@example.org", passwordHash: "h", createdAt: new Date() })).ok).toBe(true);
    await store.close();
  });

  it("refuses to open where no file can be made, with StoreUnavailableError naming the path", async () => {
    const blocker = files.file("a-file");
    writeFileSync(blocker, "not a directory");
    const opening = openSqliteStore({ path: `${blocker}/inside/tessera.db` });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opening).rejects.toThrow(`The SQLite file ${blocker}/inside/tessera.db cannot be opened`);
  });

  it("refuses a file that is not a database, naming it", async () => {
    const path = files.file("text");
    writeFileSync(path, "x".repeat(4096));
    await expect(openSqliteStore({ path })).rejects.toThrow(`The SQLite file ${path} cannot be used: file is not a database`);
  });
});
