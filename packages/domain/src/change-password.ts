import type { AuthDeps } from "./deps.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import { createPasswordCheck } from "./password-check.js";
import type { Session } from "./session.js";
import { createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile } from "./user.js";

export interface ChangePasswordInput {
  /** The session that asks; it is revoked with all the others. */
  readonly session: Session;
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly userAgent: string | null;
}

export type ChangePasswordOutcome =
  | ({ ok: true } & IssuedSession)
  | { ok: false; error: NewPasswordProblem | "invalid_credentials" };

export type ChangePassword = (input: ChangePasswordInput) => Promise<ChangePasswordOutcome>;

/**
 * A new password ends every session of the user, the asking one too: whoever learnt the old
 * password or holds an old token is out. The asker continues on a brand-new session.
 */
export function createChangePassword(deps: AuthDeps): ChangePassword {
  const checkPassword = createPasswordCheck(deps.hasher, deps.tokens);
  const startSession = createStartSession(deps);
  return async ({ session, currentPassword, newPassword, userAgent }) => {
    const problem = newPasswordProblem(newPassword, deps.isCommonPassword);
    if (problem) return { ok: false, error: problem };

    const user = await deps.users.findById(session.userId);
    const matches = await checkPassword(currentPassword, user);
    if (!user || !matches) return { ok: false, error: "invalid_credentials" };

    await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(newPassword));
    await deps.sessions.expireAllOf(user.id, deps.clock());
    return { ok: true, ...(await startSession(toProfile(user), userAgent)) };
  };
}
