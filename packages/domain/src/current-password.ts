import type { AuthDeps } from "./deps.js";
import { createPasswordAttempts } from "./login-throttle.js";
import { createPasswordCheck } from "./password-check.js";
import type { User } from "./user.js";

export interface CurrentPasswordInput {
  readonly clientAddress: string | null;
  readonly deviceToken: string | null;
}

export type CurrentPasswordOutcome =
  | { ok: true; /** The trusted device the check came from, if any. */ device: string | null }
  | { ok: false; error: "invalid_credentials" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

/**
 * The current password of a signed-in user (a password change, an email change, a deletion): a
 * guess like any login, throttled alike, so that a stolen session is no guessing oracle.
 */
export function createCurrentPasswordCheck(deps: AuthDeps) {
  const checkPassword = createPasswordCheck(deps.hasher);
  const attempts = createPasswordAttempts(deps);
  return async (user: User, password: string, { clientAddress, deviceToken }: CurrentPasswordInput): Promise<CurrentPasswordOutcome> => {
    const attempt = await attempts({ email: user.email, userId: user.id, clientAddress, deviceToken });
    if (!attempt.ok) return { ok: false, error: "too_many_attempts", retryAfterSeconds: attempt.retryAfterSeconds };
    if (!(await checkPassword(password, user))) return { ok: false, error: "invalid_credentials" };
    await attempt.succeeded();
    return { ok: true, device: attempt.device };
  };
}
