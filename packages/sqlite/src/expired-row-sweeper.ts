import type { SqliteDatabase } from "./sqlite-database.js";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** The tables whose rows have an end: users stay until a feature deletes them. */
const EXPIRING_TABLES = ["sessions", "attempt_slots", "devices"] as const;

/**
 * What a TTL index does for MongoDB: deletes rows past their expiry, so the file stays bounded.
 * Correctness never depends on it: expiry is checked on every read.
 */
export function sweepExpiredRows(db: SqliteDatabase, now = Date.now()): number {
  let removed = 0;
  for (const table of EXPIRING_TABLES) removed += db.run(`DELETE FROM ${table} WHERE expires_at <= ?`, now);
  return removed;
}

/** Sweeps now and then; the timer never keeps the process alive. */
export function startExpiredRowSweeper(sweep: () => void, intervalMs = SWEEP_INTERVAL_MS): { stop(): void } {
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
