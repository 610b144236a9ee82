import type { AuthDeps } from "./deps.js";
import { createDeviceTrust } from "./devices.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { createRegistrationThrottle } from "./login-throttle.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import { createStartSession, type IssuedSession } from "./start-session.js";
import { FIRST_CREDENTIAL_VERSION, toProfile, type UserProfile } from "./user.js";

export interface RegisterInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent: string | null;
  /** Where the request came from, for the per-address limit; null when unknown. */
  readonly clientAddress?: string | null;
}

export type RegisterOutcome =
  | ({ ok: true; user: UserProfile } & IssuedSession)
  /** The address must be verified before the account signs in: no session yet. */
  | { ok: true; user: UserProfile; session: null }
  | { ok: false; error: "invalid_email" | NewPasswordProblem | "email_taken" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

export type Register = (input: RegisterInput) => Promise<RegisterOutcome>;

export function createRegister(deps: AuthDeps): Register {
  const startSession = createStartSession(deps);
  const throttle = createRegistrationThrottle(deps);
  const devices = createDeviceTrust(deps);
  return async ({ email: rawEmail, password, userAgent, clientAddress = null }) => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };
    const passwordProblem = newPasswordProblem(password, deps.isCommonPassword);
    if (passwordProblem) return { ok: false, error: passwordProblem };

    const allowed = await throttle(clientAddress);
    if (!allowed.ok) return { ok: false, error: "too_many_attempts", retryAfterSeconds: allowed.retryAfterSeconds };

    const passwordHash = await deps.hasher.hash(password);
    // The store's unique email is the only guard that holds against concurrent registrations.
    const created = await deps.users.create({ email, passwordHash, createdAt: deps.clock() });
    if (!created.ok) return { ok: false, error: "email_taken" };

    const user = toProfile(created.user);
    // A verification link for the new address; the register mail is not counted against resends.
    await deps.outbox.add({ kind: "verify_email", userId: user.id }, deps.clock());
    if (deps.recovery.requireVerifiedEmail) return { ok: true, user, session: null };
    // No survival check: a change needs a session of this account and its password, which only the
    // person registering knows while this request runs.
    const issued = await startSession(user, FIRST_CREDENTIAL_VERSION, userAgent);
    return { ok: true, user, ...issued, device: await devices.enrol(user.id, null) };
  };
}
