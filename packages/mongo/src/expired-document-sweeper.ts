import type { Model } from "mongoose";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * What TTL indexes do, for servers that have none: deletes documents past their `expiresAt` now and
 * then, so the collections stay bounded. Correctness never depends on it.
 */
export function startExpiredDocumentSweeper(
  models: readonly Model<any>[],
  onError: (error: unknown) => void,
  intervalMs = SWEEP_INTERVAL_MS,
): { stop(): void } {
  const sweep = () => {
    for (const model of models) model.deleteMany({ expiresAt: { $lt: new Date() } }).exec().catch(onError);
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
