import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "libsql";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, type Migration } from "../src/migrations.js";
import { openSqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();
const TABLES = ["account_tokens", "attempt_slots", "devices", "outbox", "sessions", "users"];

/** The file's schema version and its tables, read by a connection of the test's own. */
function inspect(path: string): { version: number; tables: string[] } {
  const raw = new Database(path);
  try {
    const { user_version } = raw.prepare("PRAGMA user_version").get() as { user_version: number };
    const tables = (raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(({ name }) => name);
    return { version: user_version, tables };
  } finally {
    raw.close();
  }
}

// A later step, as a future Tessera would add: a column and a table.
const SECOND: Migration = {
  description: "a test step: remembers where a session signed in from",
  sql: "ALTER TABLE sessions ADD COLUMN signed_in_from TEXT; CREATE TABLE audit (at INTEGER NOT NULL);",
};

describe("schema migrations at start-up", () => {
  it("gives a new file the whole schema, at the version of the last step", async () => {
    const path = files.file();
    await (await openSqliteStore({ path })).close();
    expect(inspect(path)).toEqual({ version: MIGRATIONS.length, tables: TABLES });
  });

  it("brings a file made by an older Tessera (fewer steps) up to date, keeping its rows", async () => {
    const path = files.file();
    const old = await openSqliteStore({ path, migrations: MIGRATIONS });
    const created = await old.users.create({ email: "kept@example.org", passwordHash: "h", createdAt: new Date(0) });
    await old.close();

    const upgraded = await openSqliteStore({ path, migrations: [...MIGRATIONS, SECOND] });
    expect(await upgraded.users.findByEmail("kept@example.org")).toEqual(created.ok && created.user);
    await upgraded.close();
    expect(inspect(path)).toEqual({ version: MIGRATIONS.length + 1, tables: [...TABLES, "audit"].sort() });
  });

  it("brings a file of version 1 up to date: its accounts read as unverified, its sessions still work", async () => {
    // Written as the Tessera of version 1 wrote it, columns and all.
    const path = files.file();
    const old = new Database(path);
    old.exec("PRAGMA journal_mode = WAL");
    old.exec(MIGRATIONS[0]!.sql);
    old.exec("PRAGMA user_version = 1");
    old.prepare("INSERT INTO users (id, email, password_hash, credential_version, created_at) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaa', 'old@example.org', 'h', 2, 0)").run();
    old
      .prepare("INSERT INTO sessions (id, token_digest, user_id, credential_version, created_at, expires_at, last_used_at, user_agent) VALUES ('bbbbbbbbbbbbbbbbbbbbbbbb', 'old-digest', 'aaaaaaaaaaaaaaaaaaaaaaaa', 2, 0, ?, 0, NULL)")
      .run(Date.now() + 60_000);
    old.close();

    const store = await openSqliteStore({ path });
    expect(store.migration).toEqual({ from: 1, to: MIGRATIONS.length });
    const user = { id: "aaaaaaaaaaaaaaaaaaaaaaaa", email: "old@example.org", emailVerified: false, createdAt: new Date(0) };
    expect(await store.users.findById(user.id)).toEqual({ ...user, passwordHash: "h", credentialVersion: 2 });
    expect(await store.sessions.findByTokenDigest("old-digest")).toMatchObject({ session: { id: "bbbbbbbbbbbbbbbbbbbbbbbb", credentialVersion: 2 }, user });
    expect(await store.sessions.renew("bbbbbbbbbbbbbbbbbbbbbbbb", new Date(Date.now() + 120_000), new Date())).toBe(true);
    expect(await store.users.markEmailVerified(user.id, user.email)).toBe(true);
    expect((await store.sessions.findByTokenDigest("old-digest"))?.user.emailVerified).toBe(true);
    await store.close();
    expect(inspect(path)).toEqual({ version: MIGRATIONS.length, tables: TABLES });
  });

  it("applies nothing twice: a file already at the last version opens as it is", async () => {
    const path = files.file();
    for (let i = 0; i < 3; i++) await (await openSqliteStore({ path, migrations: [...MIGRATIONS, SECOND] })).close();
    expect(inspect(path).version).toBe(MIGRATIONS.length + 1);
  });

  it("refuses a file made by a newer Tessera, naming the file, both versions and what to do, and leaves it alone", async () => {
    const path = files.file();
    await (await openSqliteStore({ path, migrations: [...MIGRATIONS, SECOND] })).close();
    const opening = openSqliteStore({ path, migrations: MIGRATIONS });
    await expect(opening).rejects.toMatchObject({ name: "SchemaTooNewError" });
    await expect(opening).rejects.toThrow(
      `The SQLite file ${path} is at schema version ${MIGRATIONS.length + 1}, newer than version ${MIGRATIONS.length}, the newest this Tessera knows: ` +
        "it was written by a newer Tessera. Upgrade Tessera to that version or later, or use another file.",
    );
    expect(inspect(path).version).toBe(MIGRATIONS.length + 1);
  });

  it("rolls a failing step back whole: the file stays at its old version, and the next start tries again", async () => {
    const path = files.file();
    await (await openSqliteStore({ path })).close();
    const broken: Migration = { description: "half right", sql: "CREATE TABLE audit (at INTEGER); SELECT * FROM no_such_table;" };
    await expect(openSqliteStore({ path, migrations: [...MIGRATIONS, broken] })).rejects.toThrow(/no such table/);
    expect(inspect(path)).toEqual({ version: MIGRATIONS.length, tables: TABLES });
    await (await openSqliteStore({ path, migrations: [...MIGRATIONS, SECOND] })).close();
    expect(inspect(path).version).toBe(MIGRATIONS.length + 1);
  });

  it("lets two stores open one new file at once: both work, and the schema is made once", async () => {
    const path = files.file();
    const [first, second] = await Promise.all([openSqliteStore({ path }), openSqliteStore({ path })]);
    const created = await first!.users.create({ email: "both@example.org", passwordHash: "h", createdAt: new Date(0) });
    expect(await second!.users.findByEmail("both@example.org")).toEqual(created.ok && created.user);
    await Promise.all([first!.close(), second!.close()]);
    expect(inspect(path).version).toBe(MIGRATIONS.length);
  });

  it("waits for another process that is migrating the same file, then finds nothing left to do", async () => {
    // Another thread plays a second process: it takes the write lock as a starting store does,
    // applies every step, holds the lock a while, then commits.
    const path = files.file();
    const other = new Worker(
      `
      const { parentPort, workerData } = require("node:worker_threads");
      const Database = require(workerData.libsql);
      const db = new Database(workerData.path);
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("BEGIN IMMEDIATE");
      db.exec(workerData.sql);
      db.exec("PRAGMA user_version = " + workerData.version);
      parentPort.postMessage("migrating");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      db.exec("COMMIT");
      db.close();
      `,
      { eval: true, workerData: { libsql: createRequire(import.meta.url).resolve("libsql"), path, sql: MIGRATIONS.map(({ sql }) => sql).join(";"), version: MIGRATIONS.length } },
    );
    await once(other, "message");
    // Were the lock not waited for, this would fail (SQLITE_BUSY) or apply the first step again ("table users already exists").
    const store = await openSqliteStore({ path });
    expect(store.migration).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    expect(await store.ping()).toBe(true);
    await store.close();
    await once(other, "exit");
    expect(inspect(path).version).toBe(MIGRATIONS.length);
  });
});
