import type { RecordedAttempt } from "./ports.js";

/** How many failed logins are allowed within a window, per account and per client address. */
export interface ThrottlePolicy {
  readonly windowMs: number;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 100,
};

/**
 * Seconds until an attempt may be tried, or null when it may be tried now. It is refused once
 * `limit` attempts came before it within the window (ordered by time, ties by id, so of many
 * simultaneous attempts exactly `limit` go ahead); it could go ahead once the oldest of the
 * `limit` most recent of those leaves the window.
 */
export function secondsUntilAllowed(
  attempts: readonly RecordedAttempt[],
  own: RecordedAttempt,
  limit: number,
  windowMs: number,
): number | null {
  const earlier = attempts.filter((attempt) => comesBefore(attempt, own)).sort((a, b) => (comesBefore(a, b) ? -1 : 1));
  if (earlier.length < limit) return null;
  const blocking = earlier[earlier.length - limit] as RecordedAttempt;
  return Math.max(1, Math.ceil((blocking.at.getTime() + windowMs - own.at.getTime()) / 1000));
}

function comesBefore(a: RecordedAttempt, b: RecordedAttempt): boolean {
  const byTime = a.at.getTime() - b.at.getTime();
  return byTime < 0 || (byTime === 0 && a.attemptId < b.attemptId);
}
