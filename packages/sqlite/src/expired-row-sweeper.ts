import type { SqliteDatabase } from "./sqlite-database.js";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The rows that have an end, each deleted once the time given is past it. Users stay until they are
 * deleted; mail stays a while once settled (purge_after), and pending mail is never swept, whatever
 * its purge_after: it has not gone out yet.
 */
const SWEEPS = [
  "DELETE FROM sessions WHERE expires_at <= ?",
  "DELETE FROM attempt_slots WHERE expires_at <= ?",
  "DELETE FROM devices WHERE expires_at <= ?",
  "DELETE FROM account_tokens WHERE expires_at <= ?",
  "DELETE FROM outbox WHERE status <> 'pending' AND purge_after <= ?",
] as const;

/**
 * What a TTL index does for MongoDB: deletes rows past their expiry, so the file stays bounded.
 * Correctness never depends on it: expiry is checked on every read.
 */
export function sweepExpiredRows(db: SqliteDatabase, now = Date.now()): number {
  let removed = 0;
  for (const sweep of SWEEPS) removed += db.run(sweep, now);
  return removed;
}

/** Sweeps now and then; the timer never keeps the process alive. */
export function startExpiredRowSweeper(sweep: () => void, intervalMs = SWEEP_INTERVAL_MS): { stop(): void } {
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
