import type { AuthDeps } from "./deps.js";
import { createDeviceTrust } from "./devices.js";
import { createPasswordAttempts } from "./login-throttle.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import { createPasswordCheck } from "./password-check.js";
import type { Session } from "./session.js";
import { createSessionSurvival, createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile, type User } from "./user.js";

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
 * brand-new session. The current password is a guess like any login: it is throttled alike.
 */
export function createChangePassword(deps: AuthDeps): ChangePassword {
  const checkPassword = createPasswordCheck(deps.hasher);
  const attempts = createPasswordAttempts(deps);
  const startSession = createStartSession(deps);
  const survives = createSessionSurvival(deps);
  const devices = createDeviceTrust(deps);
  /**
   * Compare-and-set on the hash just checked: of parallel changes, one wins; the rest change
   * nothing. A re-hash of the same password (a login on an instance with a higher cost) that got
   * there first is no reason to give up: the password checked is still the password.
   */
  const replacePassword = async (checked: User, passwordHash: string): Promise<boolean> => {
    let expected = checked;
    for (let tries = 0; tries < 3; tries++) {
      if (await deps.users.changePasswordHash(checked.id, expected.passwordHash, passwordHash)) return true;
      const now = await deps.users.findById(checked.id);
      if (now?.credentialVersion !== checked.credentialVersion) return false;
      expected = now;
    }
    return false;
  };

  return async ({ session, currentPassword, newPassword, userAgent, clientAddress = null, deviceToken = null }) => {
    const problem = newPasswordProblem(newPassword, deps.isCommonPassword);
    if (problem) return { ok: false, error: problem };

    const user = await deps.users.findById(session.userId);
    if (!user) return { ok: false, error: "no_session" };
    const attempt = await attempts({ email: user.email, userId: user.id, clientAddress, deviceToken });
    if (!attempt.ok) return { ok: false, error: "too_many_attempts", retryAfterSeconds: attempt.retryAfterSeconds };
    if (!(await checkPassword(currentPassword, user))) return { ok: false, error: "invalid_credentials" };
    await attempt.succeeded();

    if (!(await replacePassword(user, await deps.hasher.hash(newPassword)))) return { ok: false, error: "password_changed_meanwhile" };
    await deps.sessions.expireAllOf(user.id, deps.clock());
    await deps.devices.forgetAllOf(user.id, attempt.device ?? undefined);

    const issued = await startSession(toProfile(user), user.credentialVersion + 1, userAgent);
    if (!(await survives(issued.session))) return { ok: false, error: "password_changed_meanwhile" };
    return { ok: true, ...issued, device: await devices.enrol(user.id, attempt.device) };
  };
}
