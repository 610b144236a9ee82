import type { AuthDeps } from "./deps.js";
import { createDeviceTrust } from "./devices.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { createPasswordAttempts } from "./login-throttle.js";
import { createPasswordCheck } from "./password-check.js";
import { createSessionSurvival, createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile, type UserProfile } from "./user.js";

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent: string | null;
  /** Where the request came from, for the per-address throttle; null when unknown. */
  readonly clientAddress: string | null;
  /** The device token the client holds, if any: a device that signed in before may pass lockouts. */
  readonly deviceToken?: string | null;
}

export type LoginOutcome =
  | ({ ok: true; user: UserProfile } & IssuedSession)
  | { ok: false; error: "invalid_email" | "invalid_credentials" }
  /** The password is right, but the address must be verified first (REQUIRE_VERIFIED_EMAIL). */
  | { ok: false; error: "email_not_verified" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

export type Login = (input: LoginInput) => Promise<LoginOutcome>;

export function createLogin(deps: AuthDeps): Login {
  const startSession = createStartSession(deps);
  const survives = createSessionSurvival(deps);
  const checkPassword = createPasswordCheck(deps.hasher);
  const attempts = createPasswordAttempts(deps);
  const devices = createDeviceTrust(deps);
  const invalid = { ok: false, error: "invalid_credentials" } as const;
  return async ({ email: rawEmail, password, userAgent, clientAddress, deviceToken = null }) => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };

    const user = await deps.users.findByEmail(email);
    // Reserved before the password is checked, so a throttled account says 429 even to the right one.
    const attempt = await attempts({ email, userId: user?.id, clientAddress, deviceToken });
    if (!attempt.ok) return { ok: false, error: "too_many_attempts", retryAfterSeconds: attempt.retryAfterSeconds };

    if (!(await checkPassword(password, user)) || !user) return invalid;
    await attempt.succeeded();

    if (deps.hasher.needsRehash(user.passwordHash)) {
      // Only over the hash just checked: a password change that landed meanwhile is never undone.
      await deps.users.upgradePasswordHash(user.id, user.passwordHash, await deps.hasher.hash(password));
    }
    if (deps.recovery.requireVerifiedEmail && !user.emailVerified) {
      // Only now, after the password: it tells nothing to anyone without it. Nothing is sent: a new
      // link would supersede the one the user may be about to open. A lost link is recovered by a
      // password reset, whose link proves the address as well.
      return { ok: false, error: "email_not_verified" };
    }
    const profile = toProfile(user);
    const issued = await startSession(profile, user.credentialVersion, userAgent);
    // The password was changed while this login was checking the old one: it is not the password any more.
    if (!(await survives(issued.session))) return invalid;
    const device = await devices.enrol(user.id, attempt.device);
    return { ok: true, user: profile, ...issued, device };
  };
}
