import { createAccountTokens } from "./account-tokens.js";
import type { AuthDeps } from "./deps.js";
import { createReserve } from "./throttle.js";

export type VerifyEmailOutcome =
  | { ok: true; userId: string; changed: false }
  /** An email-change link: the account moved to its new address. */
  | { ok: true; userId: string; changed: true }
  | { ok: false; error: "invalid_token" }
  /** The new address was taken by another account since the link was sent. */
  | { ok: false; error: "email_taken" };

/**
 * A link from a mail: a verification link proves the account's address; an email-change link,
 * sent to the new address, proves it and moves the account there, with a notice to the old one.
 */
export function createVerifyEmail(deps: AuthDeps) {
  const accountTokens = createAccountTokens(deps);
  return async (token: string): Promise<VerifyEmailOutcome> => {
    const redeemed = await accountTokens.redeem(token, ["verify", "email_change"], deps.clock());
    if (!redeemed) return { ok: false, error: "invalid_token" };
    const { token: taken, user } = redeemed;

    if (taken.kind !== "email_change" || taken.newEmail === null) {
      if (!(await deps.users.markEmailVerified(user.id, taken.email))) return { ok: false, error: "invalid_token" };
      return { ok: true, userId: user.id, changed: false };
    }
    const moved = await deps.users.changeEmail(user.id, taken.email, taken.newEmail);
    if (!moved.ok) return { ok: false, error: moved.reason === "email_taken" ? "email_taken" : "invalid_token" };
    await deps.outbox.add({ kind: "email_changed", userId: user.id, to: taken.email, newEmail: taken.newEmail }, deps.clock());
    return { ok: true, userId: user.id, changed: true };
  };
}

export type ResendVerificationOutcome =
  | { ok: true; queued: boolean }
  | { ok: false; error: "no_session" }
  | { ok: false; error: "too_many_attempts"; retryAfterSeconds: number };

/**
 * Another verification link for the account's address, at most so many an hour; an address
 * verified already gets nothing (and the answer does not change).
 */
export function createResendVerification(deps: AuthDeps) {
  const queue = createVerificationMail(deps);
  return async (userId: string): Promise<ResendVerificationOutcome> => {
    const user = await deps.users.findById(userId);
    if (!user) return { ok: false, error: "no_session" };
    if (user.emailVerified) return { ok: true, queued: false };
    const queued = await queue(user.id);
    return queued.ok ? { ok: true, queued: true } : { ok: false, error: "too_many_attempts", retryAfterSeconds: queued.retryAfterSeconds };
  };
}

/** Queues a verification mail under the account's limit (shared by every way of asking for one). */
export function createVerificationMail(deps: AuthDeps) {
  const reserve = createReserve(deps);
  return async (userId: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> => {
    const { maxVerificationMailsPerAccount: max, accountMailWindowMs: windowMs } = deps.recovery;
    const reservation = await reserve([{ key: `verify-mail:${userId}`, max, windowMs }]);
    if (!reservation.ok) return reservation;
    await deps.outbox.add({ kind: "verify_email", userId }, deps.clock());
    return { ok: true };
  };
}
