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
 * Seconds until the next attempt may be tried, given the failures within the window, or null when it
 * may be tried now. Blocked once `limit` failures are in the window; free again when the oldest of
 * the `limit` most recent leaves it.
 */
export function secondsUntilAllowed(failures: readonly Date[], limit: number, now: Date, windowMs: number): number | null {
  if (failures.length < limit) return null;
  const sorted = [...failures].sort((a, b) => a.getTime() - b.getTime());
  const blocking = sorted[sorted.length - limit] as Date;
  return Math.max(1, Math.ceil((blocking.getTime() + windowMs - now.getTime()) / 1000));
}
