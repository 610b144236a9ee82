import type { AuthDeps } from "./deps.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import { createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile, type UserProfile } from "./user.js";

export interface RegisterInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent: string | null;
}

export type RegisterOutcome =
  | ({ ok: true; user: UserProfile } & IssuedSession)
  | { ok: false; error: "invalid_email" | NewPasswordProblem | "email_taken" };

export type Register = (input: RegisterInput) => Promise<RegisterOutcome>;

export function createRegister(
  deps: Pick<AuthDeps, "users" | "sessions" | "tokens" | "hasher" | "isCommonPassword" | "clock" | "policy">,
): Register {
  const startSession = createStartSession(deps);
  return async ({ email: rawEmail, password, userAgent }) => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };
    const passwordProblem = newPasswordProblem(password, deps.isCommonPassword);
    if (passwordProblem) return { ok: false, error: passwordProblem };

    const passwordHash = await deps.hasher.hash(password);
    // The store's unique email is the only guard that holds against concurrent registrations.
    const created = await deps.users.create({ email, passwordHash, createdAt: deps.clock() });
    if (!created.ok) return { ok: false, error: "email_taken" };

    const user = toProfile(created.user);
    return { ok: true, user, ...(await startSession(user, userAgent)) };
  };
}
