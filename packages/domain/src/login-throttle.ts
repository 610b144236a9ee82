import type { AuthDeps } from "./deps.js";
import { secondsUntilAllowed } from "./throttle.js";

export interface ThrottledAttempt {
  /** Seconds until the next attempt may be made, when this one is refused unheard. */
  readonly retryAfterSeconds: number | null;
  /** The password was wrong: counts against the account and the client address. */
  failed(): Promise<void>;
  /** The password was right: the account's failures are forgotten. */
  succeeded(): Promise<void>;
}

/**
 * Failed-login throttling per account and per client address, counted in the store. Only a wrong
 * password counts, recorded once it is known to be wrong: parallel logins with the right password
 * never hold each other up, and every failure of a parallel burst is counted.
 */
export function createLoginThrottle(deps: Pick<AuthDeps, "attempts" | "clock" | "throttle">) {
  const { attempts, throttle } = deps;
  return async (email: string, clientAddress: string | null): Promise<ThrottledAttempt> => {
    const keys = [{ key: `account:${email}`, limit: throttle.maxFailuresPerAccount }];
    if (clientAddress) keys.push({ key: `address:${clientAddress}`, limit: throttle.maxFailuresPerAddress });
    const now = deps.clock();
    const windowStart = new Date(now.getTime() - throttle.windowMs);

    const waits = await Promise.all(
      keys.map(async ({ key, limit }) => secondsUntilAllowed(await attempts.since(key, windowStart), limit, now, throttle.windowMs)),
    );
    const retryAfterSeconds = waits.reduce<number | null>((longest, wait) => (wait === null ? longest : Math.max(longest ?? 0, wait)), null);

    return {
      retryAfterSeconds,
      failed: async () => {
        const at = deps.clock();
        const expiresAt = new Date(at.getTime() + throttle.windowMs);
        await Promise.all(keys.map(({ key }) => attempts.add(key, at, expiresAt)));
      },
      succeeded: () => attempts.clear(keys[0]!.key),
    };
  };
}
