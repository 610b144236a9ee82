import { addressKey } from "./client-address.js";
import { createAccountTokens } from "./account-tokens.js";
import type { AuthDeps } from "./deps.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { newPasswordProblem, type NewPasswordProblem } from "./new-password.js";
import { createReplacePassword } from "./replace-password.js";
import { createReserve } from "./throttle.js";

export interface RequestPasswordResetInput {
  readonly email: string;
  /** Where the request came from, for the per-address limit; null when unknown. */
  readonly clientAddress: string | null;
}

export type RequestPasswordResetOutcome =
  | { ok: true }
  | { ok: false; error: "invalid_email" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

/**
 * "Forgot password": the same work and the same answer for every address. Whether an account
 * exists is looked up later, by the courier, off the request's path: the answer's content and its
 * timing say nothing about it.
 */
export function createRequestPasswordReset(deps: AuthDeps) {
  const reserve = createReserve(deps);
  return async ({ email: rawEmail, clientAddress }: RequestPasswordResetInput): Promise<RequestPasswordResetOutcome> => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };
    if (clientAddress) {
      const { maxResetRequestsPerAddress: max, resetRequestWindowMs: windowMs } = deps.recovery;
      const reservation = await reserve([{ key: `forgot:${addressKey(clientAddress)}`, max, windowMs }]);
      if (!reservation.ok) return { ok: false, error: "too_many_attempts", retryAfterSeconds: reservation.retryAfterSeconds };
    }
    await deps.outbox.add({ kind: "password_reset", email }, deps.clock());
    return { ok: true };
  };
}

export interface ResetPasswordInput {
  readonly token: string;
  readonly newPassword: string;
}

export type ResetPasswordOutcome =
  | { ok: true; userId: string }
  | { ok: false; error: NewPasswordProblem }
  /** Unknown, expired, used or superseded: one answer. */
  | { ok: false; error: "invalid_token" };

/**
 * A new password from a reset link: it ends every session and forgets every trusted device (as a
 * password change does), and starts no session. The link proved the mailbox: the address counts
 * as verified, and the account's failed logins are forgotten.
 */
export function createResetPassword(deps: AuthDeps) {
  const accountTokens = createAccountTokens(deps);
  const replacePassword = createReplacePassword(deps);
  return async ({ token, newPassword }: ResetPasswordInput): Promise<ResetPasswordOutcome> => {
    // Before the token is spent: a refused password leaves the link working for another try.
    const problem = newPasswordProblem(newPassword, deps.isCommonPassword);
    if (problem) return { ok: false, error: problem };

    // The token is taken before any hashing, so a flood of made-up tokens costs no bcrypt work.
    const redeemed = await accountTokens.redeem(token, ["reset"], deps.clock());
    if (!redeemed) return { ok: false, error: "invalid_token" };
    const { user } = redeemed;
    if (!(await replacePassword(user, await deps.hasher.hash(newPassword)))) return { ok: false, error: "invalid_token" };

    await deps.sessions.expireAllOf(user.id, deps.clock());
    await deps.devices.forgetAllOf(user.id);
    await deps.attempts.clear(`account:${user.email}`);
    await deps.users.markEmailVerified(user.id, user.email);
    await deps.outbox.add({ kind: "password_reset_done", userId: user.id, to: user.email }, deps.clock());
    return { ok: true, userId: user.id };
  };
}
