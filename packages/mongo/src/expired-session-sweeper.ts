import type { Model } from "mongoose";
import type { SessionDocument } from "./models.js";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * What a TTL index does, for servers that have none: deletes sessions past their expiry now and
 * then, so the collection stays bounded. Correctness never depends on it.
 */
export function startExpiredSessionSweeper(
  sessions: Model<SessionDocument>,
  onError: (error: unknown) => void,
  intervalMs = SWEEP_INTERVAL_MS,
): { stop(): void } {
  const sweep = () => {
    sessions.deleteMany({ expiresAt: { $lt: new Date() } }).exec().catch(onError);
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
