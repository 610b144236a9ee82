import { createCurrentPasswordCheck } from "./current-password.js";
import type { AuthDeps } from "./deps.js";
import type { Session } from "./session.js";

export interface DeleteAccountInput {
  readonly session: Session;
  readonly currentPassword: string;
  readonly clientAddress?: string | null;
  readonly deviceToken?: string | null;
}

export type DeleteAccountOutcome =
  | { ok: true; userId: string }
  | { ok: false; error: "invalid_credentials" }
  | { ok: false; error: "no_session" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

/**
 * Deletes the account and everything of it: sessions, devices, mail tokens, queued mail, throttle
 * counts. The account goes first: a login racing the deletion finds no account, and a session it
 * made meanwhile finds no owner (every lookup reads the account), so it is dead at once.
 */
export function createDeleteAccount(deps: AuthDeps) {
  const checkCurrentPassword = createCurrentPasswordCheck(deps);
  return async ({ session, currentPassword, clientAddress = null, deviceToken = null }: DeleteAccountInput): Promise<DeleteAccountOutcome> => {
    const user = await deps.users.findById(session.userId);
    if (!user) return { ok: false, error: "no_session" };
    const checked = await checkCurrentPassword(user, currentPassword, { clientAddress, deviceToken });
    if (!checked.ok) return checked;

    // Read first: some stores remove a user's devices with the user.
    const devices = await deps.devices.digestsOf(user.id);
    if (!(await deps.users.delete(user.id))) return { ok: false, error: "no_session" };
    await deps.sessions.deleteAllOf(user.id);
    await deps.devices.forgetAllOf(user.id);
    await deps.accountTokens.forgetAllOf(user.id);
    await deps.outbox.forgetAllOf(user.id, user.email);
    const keys = [`account:${user.email}`, `reset-mail:${user.id}`, `verify-mail:${user.id}`, ...devices.map((digest) => `device:${digest}`)];
    for (const key of keys) await deps.attempts.clear(key);
    return { ok: true, userId: user.id };
  };
}
