import Database from "libsql";
import { describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();
const EXPIRING = ["sessions", "attempt_slots", "devices", "account_tokens"];
const DAY = 24 * 60 * 60 * 1000;
type OutboxRow = { id: string; status: string; purge_after: number | null };
const raw = <T>(path: string, work: (db: Database.Database) => T): T => {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
};
const count = (path: string, table: string) => raw(path, (db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

/** A user with one session, one throttle slot, one device and one mail token, each ending at `endsAt`. */
async function rowsEndingAt(store: SqliteStore, tag: string, endsAt: number): Promise<void> {
  const created = await store.users.create({ email: `${tag}@example.org`, passwordHash: "h", createdAt: new Date(0) });
  if (!created.ok) throw new Error("user not created");
  const userId = created.user.id;
  const at = new Date(0);
  const expiresAt = new Date(endsAt);
  await store.sessions.create({ tokenDigest: `s-${tag}`, userId, credentialVersion: 1, createdAt: at, expiresAt, lastUsedAt: at, userAgent: null });
  await store.attempts.take(`account:${tag}`, { slot: 0, holder: tag, at, expiresAt });
  await store.devices.create(`d-${tag}`, { userId, createdAt: at, expiresAt });
  await store.accountTokens.issue(`t-${tag}`, { userId, kind: "reset", email: `${tag}@example.org`, newEmail: null, credentialVersion: 1, createdAt: at, expiresAt });
}

describe("expired rows", () => {
  it("are deleted at start-up and every sweep interval, users and rows still valid kept", async () => {
    const path = files.file();
    const first = await openSqliteStore({ path });
    await rowsEndingAt(first, "over", Date.now() - 1_000);
    await rowsEndingAt(first, "valid", Date.now() + 3_600_000);
    await first.close();
    for (const table of EXPIRING) expect(count(path, table)).toBe(2);

    const reopened = await openSqliteStore({ path, sweepIntervalMs: 50 });
    for (const table of EXPIRING) expect(count(path, table), table).toBe(1);
    expect(count(path, "users")).toBe(2);

    // Ending a second from now: gone at a sweep after that, with no request to trigger it.
    await rowsEndingAt(reopened, "soon", Date.now() + 1_000);
    expect(count(path, "sessions")).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    for (const table of EXPIRING) expect(count(path, table), table).toBe(1);
    expect(await reopened.sessions.findByTokenDigest("s-valid")).not.toBeNull();
    expect(await reopened.accountTokens.take("t-valid", ["reset"])).not.toBeNull();
    await reopened.close();
  });

  it("include settled mail once it has been kept a week, never pending mail", async () => {
    const path = files.file();
    const store = await openSqliteStore({ path });
    for (const to of ["sent@example.org", "failed@example.org", "retried@example.org", "waiting@example.org"]) {
      await store.outbox.add({ kind: "password_changed", userId: "u1", to }, new Date(0));
    }
    const [sent, failed, retried, waiting] = await store.outbox.due(new Date(0), 10);
    await store.outbox.settle(sent!.id, { status: "sent", attempts: 1, message: null, userId: null });
    await store.outbox.settle(failed!.id, { status: "failed", attempts: 8, lastError: "Error EAUTH" });
    await store.outbox.settle(retried!.id, { status: "pending", attempts: 1, nextAttemptAt: new Date(1_000), lastError: "Error ECONNREFUSED" });
    await store.close();
    const outbox = () => raw(path, (db) => db.prepare("SELECT id, status, purge_after FROM outbox ORDER BY rowid").all() as OutboxRow[]);
    // Settled ones are kept a week, by the wall clock; pending ones have no end.
    const weekAhead = Date.now() + 7 * DAY - 60_000;
    expect(outbox().map(({ status, purge_after }) => [status, purge_after === null ? null : purge_after > weekAhead])).toEqual([
      ["sent", true],
      ["failed", true],
      ["pending", null],
      ["pending", null],
    ]);
    await (await openSqliteStore({ path })).close();
    expect(count(path, "outbox")).toBe(4);

    // The week over, for all of them (even the pending ones, were they wrongly marked): the settled ones go.
    raw(path, (db) => db.exec("UPDATE outbox SET purge_after = 0"));
    await (await openSqliteStore({ path })).close();
    expect(outbox().map(({ id }) => id)).toEqual([retried!.id, waiting!.id]);
  });

  it("stop being swept at close: no sweep runs on a closed store", async () => {
    const warnings: unknown[] = [];
    const store = await openSqliteStore({ path: files.file(), sweepIntervalMs: 10, onWarning: (_message, error) => warnings.push(error) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    // A sweep after close would meet the closed store and warn: none comes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings).toEqual([]);
  });
});
