import { createCurrentPasswordCheck } from "./current-password.js";
import type { AuthDeps } from "./deps.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import type { Session } from "./session.js";

export interface RequestEmailChangeInput {
  readonly session: Session;
  readonly newEmail: string;
  readonly currentPassword: string;
  /** For the throttle: a wrong current password counts like a failed login. */
  readonly clientAddress?: string | null;
  readonly deviceToken?: string | null;
}

export type RequestEmailChangeOutcome =
  | { ok: true }
  | { ok: false; error: "invalid_email" }
  | { ok: false; error: "same_email" }
  | { ok: false; error: "invalid_credentials" }
  | { ok: false; error: "no_session" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

/**
 * Asks to move the account to another address: a confirmation link goes to the new address and a
 * notice to the current one; nothing changes until the link is used. Whether the new address has
 * an account is not said here (the courier sends no link there if it has): the answer is the same.
 */
export function createRequestEmailChange(deps: AuthDeps) {
  const checkCurrentPassword = createCurrentPasswordCheck(deps);
  return async ({ session, newEmail: rawEmail, currentPassword, clientAddress = null, deviceToken = null }: RequestEmailChangeInput): Promise<RequestEmailChangeOutcome> => {
    const newEmail = normaliseEmail(rawEmail);
    if (!isValidEmail(newEmail)) return { ok: false, error: "invalid_email" };
    const user = await deps.users.findById(session.userId);
    if (!user) return { ok: false, error: "no_session" };
    if (newEmail === user.email) return { ok: false, error: "same_email" };

    const checked = await checkCurrentPassword(user, currentPassword, { clientAddress, deviceToken });
    if (!checked.ok) return checked;

    const now = deps.clock();
    await deps.outbox.add({ kind: "confirm_email_change", userId: user.id, newEmail }, now);
    await deps.outbox.add({ kind: "email_change_requested", userId: user.id, to: user.email, newEmail }, now);
    return { ok: true };
  };
}
