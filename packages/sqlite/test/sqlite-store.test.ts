import { runRepositorySuite } from "@tessera/contract-tests/repository-suite";
import Database from "libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../src/migrations.js";
import { openSqliteStore, type SqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();
const TABLES = ["sessions", "devices", "attempt_slots", "account_tokens", "outbox", "users"];

describe("SQLite store", () => {
  let store: SqliteStore;
  let raw: Database.Database;

  beforeAll(async () => {
    store = await openSqliteStore({ path: files.file("suite") });
    raw = new Database(store.path);
  });
  afterAll(async () => {
    raw?.close();
    await store?.close();
  });

  runRepositorySuite("sqlite", {
    fresh: async () => {
      // Through another connection: what one connection writes, the next one sees.
      for (const table of TABLES) raw.exec(`DELETE FROM ${table}`);
      return store;
    },
  });

  describe("what it keeps", () => {
    const names = (type: string, table: string) =>
      (raw.prepare("SELECT name FROM sqlite_schema WHERE type = ? AND tbl_name = ?").all(type, table) as { name: string }[]).map(({ name }) => name);

    it("has the unique and lookup indexes the races and the reads rely on", () => {
      const unique = (table: string) =>
        (raw.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number }[]).filter((index) => index.unique).length;
      expect(unique("users")).toBe(2); // id, email
      expect(unique("sessions")).toBe(2); // id, token_digest
      expect(unique("attempt_slots")).toBe(1); // (key, slot)
      expect(unique("devices")).toBe(1); // token_digest
      expect(unique("account_tokens")).toBe(2); // digest, (user_id, kind)
      expect(unique("outbox")).toBe(1); // id
      expect(names("index", "sessions")).toEqual(expect.arrayContaining(["sessions_user_id", "sessions_expires_at"]));
      expect(names("index", "devices")).toEqual(expect.arrayContaining(["devices_user_id_created_at", "devices_expires_at"]));
      expect(names("index", "account_tokens")).toEqual(expect.arrayContaining(["account_tokens_expires_at"]));
      expect(names("index", "outbox")).toEqual(expect.arrayContaining(["outbox_due", "outbox_purge_after"]));
    });

    it("is in WAL mode, with foreign keys on, at the newest schema version", () => {
      expect(raw.prepare("PRAGMA journal_mode").get()).toMatchObject({ journal_mode: "wal" });
      expect(raw.prepare("PRAGMA user_version").get()).toMatchObject({ user_version: MIGRATIONS.length });
    });

    it("stores the token digest, never a token, and no copy of the owner's profile", async () => {
      const created = await store.users.create({ email: "kept@example.org", passwordHash: "$2b$04$hash", createdAt: new Date() });
      if (!created.ok) throw new Error("user not created");
      await store.sessions.create({
        tokenDigest: "digest-of-token",
        userId: created.user.id,
        credentialVersion: 1,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
        lastUsedAt: new Date(),
        userAgent: "test",
      });
      const columns = (raw.prepare("PRAGMA table_info(sessions)").all() as { name: string }[]).map(({ name }) => name);
      expect(columns.sort()).toEqual(
        ["created_at", "credential_version", "expires_at", "id", "last_used_at", "token_digest", "user_agent", "user_id"].sort(),
      );
      expect(raw.prepare("SELECT token_digest FROM sessions WHERE user_id = ?").get(created.user.id)).toMatchObject({ token_digest: "digest-of-token" });
    });

    it("hands out ids shaped like MongoDB's", async () => {
      const created = await store.users.create({ email: "shape@example.org", passwordHash: "h", createdAt: new Date() });
      expect(created.ok && created.user.id).toMatch(/^[0-9a-f]{24}$/);
    });

    it("can open twice on one file (schema already there)", async () => {
      const again = await openSqliteStore({ path: store.path });
      expect(await again.ping()).toBe(true);
      await again.close();
      expect(await store.ping()).toBe(true);
    });
  });
});

describe("SQLite store on a new path", () => {
  it("makes the file and the directories it is in, and takes a relative path from the working directory", async () => {
    const nested = `${files.dir()}/a/b/tessera.db`;
    const store = await openSqliteStore({ path: nested });
    expect(store.path).toBe(nested);
    expect(await store.ping()).toBe(true);
    await store.close();

    const cwd = process.cwd();
    process.chdir(files.dir());
    try {
      const relative = await openSqliteStore({ path: "./data/relative.db" });
      expect(relative.path).toBe(`${files.dir()}/data/relative.db`);
      await relative.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
