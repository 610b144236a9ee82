import { createHash, randomBytes } from "node:crypto";
import { seedSignedIn } from "@tessera/contract-tests/signed-in";
import { createAuthenticate } from "@tessera/domain/authenticate";
import type { TokenIssuer } from "@tessera/domain/ports";
import { DEFAULT_SESSION_POLICY } from "@tessera/domain/session";
import Database from "libsql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIND_BY_TOKEN_DIGEST } from "../src/sqlite-session-repository.js";
import { openSqliteStore, type SqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const DAY = 24 * 60 * 60 * 1000;
const files = tempFiles();

/** Tokens as the real issuer makes them: 256 random bits, stored as their SHA-256. */
const tokens: TokenIssuer = {
  issue: () => randomBytes(32).toString("base64url"),
  digest: (token) => (/^[A-Za-z0-9_-]{43}$/.test(token) ? createHash("sha256").update(token).digest("hex") : null),
};

/** The first word of a statement and the table it names first: "SELECT sessions", "UPDATE sessions". */
const shape = (sql: string) => {
  const words = sql.trim().split(/\s+/);
  const verb = (words[0] ?? "").toUpperCase();
  const table = verb === "SELECT" ? words[words.findIndex((word) => word.toUpperCase() === "FROM") + 1] : verb === "UPDATE" ? words[1] : words[2];
  return `${verb} ${table}`;
};

/**
 * The read path's cost in SQL statements, counted as the store runs them: authenticating a request
 * is one indexed SELECT and no write, but for the rare renewal or touch.
 */
describe("authenticated read path on SQLite", () => {
  let store: SqliteStore;
  const statements: string[] = [];
  let now = new Date("2026-06-01T12:00:00Z");

  beforeAll(async () => {
    store = await openSqliteStore({ path: files.file(), onStatement: (sql) => statements.push(sql) });
  });
  afterAll(() => store?.close());
  beforeEach(() => {
    now = new Date("2026-06-01T12:00:00Z");
  });

  async function signedInAs() {
    const seeded = await seedSignedIn(store, tokens, now);
    statements.length = 0;
    return seeded;
  }
  const signedIn = async () => (await signedInAs()).token;

  const authenticateNow = (token: string) =>
    createAuthenticate({ sessions: store.sessions, tokens, clock: () => now, policy: DEFAULT_SESSION_POLICY })(token);

  it("is a single SELECT of the session and its owner by token digest, and no write", async () => {
    const token = await signedIn();
    for (let i = 0; i < 5; i++) expect((await authenticateNow(token)).ok).toBe(true);
    expect(statements).toEqual(Array(5).fill(FIND_BY_TOKEN_DIGEST));
  });

  it("reads the owner as the account is now, in that same SELECT: an email change (verified) shows at once", async () => {
    const { token, user } = await signedInAs();
    expect(await authenticateNow(token)).toMatchObject({ ok: true, user: { email: user.email, emailVerified: false } });
    const moved = `moved-${Math.random()}@example.org`;
    expect(await store.users.changeEmail(user.id, user.email, moved)).toEqual({ ok: true });
    statements.length = 0;
    expect(await authenticateNow(token)).toMatchObject({ ok: true, user: { id: user.id, email: moved, emailVerified: true } });
    expect(statements).toEqual([FIND_BY_TOKEN_DIGEST]);
  });

  it("is the same single SELECT for a token that matches no session", async () => {
    await signedIn();
    expect((await authenticateNow(tokens.issue())).ok).toBe(false);
    expect(statements).toEqual([FIND_BY_TOKEN_DIGEST]);
  });

  it("finds the session through the unique index on its digest and the owner by primary key: no table scan", () => {
    const raw = new Database(store.path);
    try {
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${FIND_BY_TOKEN_DIGEST}`).all("x") as { detail: string }[]).map(({ detail }) => detail);
      expect(plan).toHaveLength(2);
      expect(plan[0]).toMatch(/^SEARCH s USING INDEX sqlite_autoindex_sessions_\d+ \(token_digest=\?\)$/);
      expect(plan[1]).toMatch(/^SEARCH u USING INDEX sqlite_autoindex_users_\d+ \(id=\?\)$/);
    } finally {
      raw.close();
    }
  });

  it("adds one write at most once a minute to record use", async () => {
    const token = await signedIn();
    now = new Date(now.getTime() + 61_000);
    await authenticateNow(token);
    await authenticateNow(token);
    expect(statements.map(shape)).toEqual(["SELECT sessions", "UPDATE sessions", "SELECT sessions"]);
  });

  it("adds one write for a renewal at half-life", async () => {
    const token = await signedIn();
    now = new Date(now.getTime() + 7 * DAY + 1);
    expect(await authenticateNow(token)).toMatchObject({ ok: true, fresh: true });
    expect(statements.map(shape)).toEqual(["SELECT sessions", "UPDATE sessions"]);
  });
});
