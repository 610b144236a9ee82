import type { AuthDeps } from "./deps.js";
import { secondsUntilAllowed } from "./throttle.js";

export interface ThrottledAttempt {
  /** Seconds until the next attempt may be made, when this one is refused unheard. */
  readonly retryAfterSeconds: number | null;
  /** The password was right: the account's failures are forgotten, this attempt withdrawn. */
  succeeded(): Promise<void>;
}

/**
 * Failed-login throttling per account and per client address, counted in the store. Each attempt
 * is recorded before its password is checked and sees the attempts recorded before it, so parallel
 * attempts cannot slip past the limit together; a success or a refusal withdraws it, so only
 * real failures count.
 */
export function createLoginThrottle(deps: Pick<AuthDeps, "attempts" | "tokens" | "clock" | "throttle">) {
  const { attempts, throttle } = deps;
  return async (email: string, clientAddress: string | null): Promise<ThrottledAttempt> => {
    const keys = [{ key: `account:${email}`, limit: throttle.maxFailuresPerAccount }];
    if (clientAddress) keys.push({ key: `address:${clientAddress}`, limit: throttle.maxFailuresPerAddress });
    const attemptId = deps.tokens.issue();
    const now = deps.clock();
    const windowStart = new Date(now.getTime() - throttle.windowMs);
    const expiresAt = new Date(now.getTime() + throttle.windowMs);
    const withdraw = () => Promise.all(keys.map(({ key }) => attempts.remove(key, attemptId)));

    await Promise.all(keys.map(({ key }) => attempts.add(key, attemptId, now, expiresAt)));
    const own = { attemptId, at: now };
    const waits = await Promise.all(
      keys.map(async ({ key, limit }) => secondsUntilAllowed(await attempts.since(key, windowStart), own, limit, throttle.windowMs)),
    );
    const retryAfterSeconds = waits.reduce<number | null>((longest, wait) => (wait === null ? longest : Math.max(longest ?? 0, wait)), null);
    if (retryAfterSeconds !== null) await withdraw();

    return {
      retryAfterSeconds,
      succeeded: async () => {
        await withdraw();
        await attempts.clear(keys[0]!.key);
      },
    };
  };
}
