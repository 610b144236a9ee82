import type { AuthDeps } from "./deps.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { createLoginThrottle } from "./login-throttle.js";
import { createPasswordCheck } from "./password-check.js";
import { createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile, type UserProfile } from "./user.js";

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent: string | null;
  /** Where the request came from, for the per-address throttle; null when unknown. */
  readonly clientAddress: string | null;
}

export type LoginOutcome =
  | ({ ok: true; user: UserProfile } & IssuedSession)
  | { ok: false; error: "invalid_email" | "invalid_credentials" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

export type Login = (input: LoginInput) => Promise<LoginOutcome>;

export function createLogin(deps: AuthDeps): Login {
  const startSession = createStartSession(deps);
  const checkPassword = createPasswordCheck(deps.hasher, deps.tokens);
  const throttle = createLoginThrottle(deps);
  return async ({ email: rawEmail, password, userAgent, clientAddress }) => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };

    // Checked before the password, so a throttled account says 429 even to the right one.
    const attempt = await throttle(email, clientAddress);
    if (attempt.retryAfterSeconds !== null) {
      return { ok: false, error: "too_many_attempts", retryAfterSeconds: attempt.retryAfterSeconds };
    }

    const user = await deps.users.findByEmail(email);
    const matches = await checkPassword(password, user);
    if (!user || !matches) {
      await attempt.failed();
      return { ok: false, error: "invalid_credentials" };
    }
    await attempt.succeeded();

    if (deps.hasher.needsRehash(user.passwordHash)) {
      await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(password));
    }
    const profile = toProfile(user);
    return { ok: true, user: profile, ...(await startSession(profile, userAgent)) };
  };
}
