import Database from "libsql";
import { describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../src/sqlite-store.js";
import { tempFiles } from "./temp-files.js";

const files = tempFiles();
const count = (path: string, table: string) => {
  const raw = new Database(path);
  try {
    return (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    raw.close();
  }
};

/** A user with one session, one throttle slot and one device, each ending at `endsAt`. */
async function rowsEndingAt(store: SqliteStore, tag: string, endsAt: number): Promise<void> {
  const created = await store.users.create({ email: `${tag}@example.org`, passwordHash: "h", createdAt: new Date(0) });
  if (!created.ok) throw new Error("user not created");
  const at = new Date(0);
  const expiresAt = new Date(endsAt);
  await store.sessions.create({ tokenDigest: `s-${tag}`, user: created.user, credentialVersion: 1, createdAt: at, expiresAt, lastUsedAt: at, userAgent: null });
  await store.attempts.take(`account:${tag}`, { slot: 0, holder: tag, at, expiresAt });
  await store.devices.create(`d-${tag}`, { userId: created.user.id, createdAt: at, expiresAt });
}

describe("expired rows", () => {
  it("are deleted at start-up and every sweep interval, users and rows still valid kept", async () => {
    const path = files.file();
    const first = await openSqliteStore({ path });
    await rowsEndingAt(first, "over", Date.now() - 1_000);
    await rowsEndingAt(first, "valid", Date.now() + 3_600_000);
    await first.close();
    for (const table of ["sessions", "attempt_slots", "devices"]) expect(count(path, table)).toBe(2);

    const reopened = await openSqliteStore({ path, sweepIntervalMs: 50 });
    for (const table of ["sessions", "attempt_slots", "devices"]) expect(count(path, table), table).toBe(1);
    expect(count(path, "users")).toBe(2);

    // Ending a second from now: gone at a sweep after that, with no request to trigger it.
    await rowsEndingAt(reopened, "soon", Date.now() + 1_000);
    expect(count(path, "sessions")).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    for (const table of ["sessions", "attempt_slots", "devices"]) expect(count(path, table), table).toBe(1);
    expect(await reopened.sessions.findByTokenDigest("s-valid")).not.toBeNull();
    await reopened.close();
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
