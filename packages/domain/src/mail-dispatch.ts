import { createAccountTokens } from "./account-tokens.js";
import type { AuthDeps } from "./deps.js";
import type { Letter, OutboxEntry } from "./mail.js";
import { createReserve } from "./throttle.js";

export type MailDispatch = (entry: OutboxEntry, now: Date) => Promise<Letter | null>;

/**
 * The domain's side of sending, run by the courier off every request's path: an outbox entry
 * becomes a letter, its token made only now, or nothing (no such account, verified already, a
 * limit reached). Looking accounts up here is what keeps "forgot password" the same for every
 * address. Trying an entry again (the mail server was down) makes a new token, voiding the last.
 */
export function createMailDispatch(deps: AuthDeps): MailDispatch {
  const accountTokens = createAccountTokens(deps);
  const reserve = createReserve(deps);
  const { resetTokenLifetimeMs: resetMs, verifyTokenLifetimeMs: verifyMs } = deps.recovery;

  /** One of the account's reset letters this window, counted once per entry however often it is tried. */
  const resetLetterAllowed = async (userId: string, entry: OutboxEntry, now: Date): Promise<boolean> => {
    const key = `reset-mail:${userId}`;
    if ((await deps.attempts.held(key, now)).some(({ holder }) => holder === entry.id)) return true;
    const { maxResetMailsPerAccount: max, accountMailWindowMs: windowMs } = deps.recovery;
    return (await reserve([{ key, max, windowMs }], entry.id)).ok;
  };

  return async (entry, now) => {
    const { intent } = entry;
    switch (intent.kind) {
      case "verify_email": {
        const user = await deps.users.findById(intent.userId);
        if (!user || user.emailVerified) return null;
        return { kind: intent.kind, to: user.email, userId: user.id, token: await accountTokens.issue(user, "verify", now), validForMs: verifyMs };
      }
      case "password_reset": {
        const user = await deps.users.findByEmail(intent.email);
        if (!user || !(await resetLetterAllowed(user.id, entry, now))) return null;
        return { kind: intent.kind, to: user.email, userId: user.id, token: await accountTokens.issue(user, "reset", now), validForMs: resetMs };
      }
      case "confirm_email_change": {
        const user = await deps.users.findById(intent.userId);
        // An address with an account of its own gets no link: it could never be used (409), and
        // it would tell that account's owner about this one.
        if (!user || (await deps.users.findByEmail(intent.newEmail))) return null;
        const token = await accountTokens.issue(user, "email_change", now, intent.newEmail);
        return { kind: intent.kind, to: intent.newEmail, userId: user.id, token, newEmail: intent.newEmail, validForMs: verifyMs };
      }
      case "email_change_requested":
      case "email_changed":
        return { kind: intent.kind, to: intent.to, userId: intent.userId, newEmail: intent.newEmail };
      case "password_changed":
      case "password_reset_done":
        return { kind: intent.kind, to: intent.to, userId: intent.userId };
    }
  };
}
