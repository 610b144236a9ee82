import type { Expiring } from "./indexes.js";

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * What TTL indexes do, for servers that have none: deletes documents past their date (`expiresAt`,
 * or an outbox entry's `purgeAt`) now and then, so the collections stay bounded. Correctness never
 * depends on it.
 */
export function startExpiredDocumentSweeper(
  collections: readonly Expiring[],
  onError: (error: unknown) => void,
  intervalMs = SWEEP_INTERVAL_MS,
): { stop(): void } {
  const sweep = () => {
    for (const { model, field } of collections) model.deleteMany({ [field]: { $lt: new Date() } }).exec().catch(onError);
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
