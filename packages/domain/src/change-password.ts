import { createCurrentPasswordCheck } from "./current-password.js";
import type { AuthDeps } from "./deps.js";
import { createDeviceTrust } from "./devices.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import type { Session } from "./session.js";
import { createSessionSurvival, createStartSession, type IssuedSession } from "./start-session.js";
import { createReplacePassword } from "./replace-password.js";
import { toProfile } from "./user.js";

export interface ChangePasswordInput {
  /** The session that asks; it is revoked with all the others. */
  readonly session: Session;
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly userAgent: string | null;
  /** For the throttle: a wrong current password counts like a failed login. */
  readonly clientAddress?: string | null;
  readonly deviceToken?: string | null;
}

export type ChangePasswordOutcome =
  | ({ ok: true } & IssuedSession)
  | { ok: false; error: NewPasswordProblem | "invalid_credentials" }
  /** The account is gone: the session that asked stands for no one. */
  | { ok: false; error: "no_session" }
  /** Another change of this password landed first: this one changed nothing. */
  | { ok: false; error: "password_changed_meanwhile" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

export type ChangePassword = (input: ChangePasswordInput) => Promise<ChangePasswordOutcome>;

/**
 * A new password ends every session of the user, the asking one too, and forgets every trusted
 * device: whoever learnt the old password or holds an old token is out. The asker continues on a
 * brand-new session, and the account's address gets a notice. The current password is a guess
 * like any login: it is throttled alike.
 */
export function createChangePassword(deps: AuthDeps): ChangePassword {
  const currentPassword = createCurrentPasswordCheck(deps);
  const startSession = createStartSession(deps);
  const survives = createSessionSurvival(deps);
  const devices = createDeviceTrust(deps);
  const replacePassword = createReplacePassword(deps);
  return async ({ session, currentPassword: password, newPassword, userAgent, clientAddress = null, deviceToken = null }) => {
    const problem = newPasswordProblem(newPassword, deps.isCommonPassword);
    if (problem) return { ok: false, error: problem };

    const user = await deps.users.findById(session.userId);
    if (!user) return { ok: false, error: "no_session" };
    const attempt = await currentPassword(user, password, { clientAddress, deviceToken });
    if (!attempt.ok) return attempt;

    if (!(await replacePassword(user, await deps.hasher.hash(newPassword)))) return { ok: false, error: "password_changed_meanwhile" };
    await deps.sessions.expireAllOf(user.id, deps.clock());
    await deps.devices.forgetAllOf(user.id, attempt.device ?? undefined);
    // A reset link sent before is void already (it names the old credential version): tidy it away.
    await deps.accountTokens.forgetAllOf(user.id, "reset");
    await deps.outbox.add({ kind: "password_changed", userId: user.id, to: user.email }, deps.clock());

    const issued = await startSession(toProfile(user), user.credentialVersion + 1, userAgent);
    if (!(await survives(issued.session))) return { ok: false, error: "password_changed_meanwhile" };
    return { ok: true, ...issued, device: await devices.enrol(user.id, attempt.device) };
  };
}
