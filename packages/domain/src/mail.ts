/*
 * Mail, as the domain sees it: what to send and to whom, never how. A use case adds an intent to the
 * outbox (in the store, with the request's other writes); the courier later turns it into a letter
 * (issuing the token a link needs only then, so no token sits in the store in the clear) and an
 * adapter composes and delivers it. A restart or a mail-server outage delays mail; none is lost.
 */

/** What a use case asks to be mailed. It holds no secret: tokens are made when the letter is. */
export type MailIntent =
  | { readonly kind: "verify_email"; readonly userId: string }
  /** By address: whether an account exists is looked up by the courier, off the request's path. */
  | { readonly kind: "password_reset"; readonly email: string }
  | { readonly kind: "confirm_email_change"; readonly userId: string; readonly newEmail: string }
  /** Notices: to an address the account has (or had), naming the account so its deletion finds them. */
  | { readonly kind: "email_change_requested"; readonly userId: string; readonly to: string; readonly newEmail: string }
  | { readonly kind: "email_changed"; readonly userId: string; readonly to: string; readonly newEmail: string }
  | { readonly kind: "password_changed"; readonly userId: string; readonly to: string }
  | { readonly kind: "password_reset_done"; readonly userId: string; readonly to: string };

export type LetterKind = MailIntent["kind"];

/** A letter ready to compose: its kind, its address, and what its text needs. */
export interface Letter {
  readonly kind: LetterKind;
  readonly to: string;
  /** The account it is for, once known (a reset asked by address is tied to one only now). */
  readonly userId?: string;
  /** The secret a link carries (reset, verification, email change); only its digest is stored. */
  readonly token?: string;
  /** How long the link works, for its words. */
  readonly validForMs?: number;
  /** For the letters about an email change: the new address. */
  readonly newEmail?: string;
}

/** A letter in words: what a delivery sends. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type OutboxStatus = "pending" | "sent" | "failed" | "dropped";

export interface OutboxEntry {
  readonly id: string;
  readonly intent: MailIntent;
  /** The account the entry is about: from its intent, or from its letter once sent; null when none. */
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly status: OutboxStatus;
  /** Delivery attempts made so far. */
  readonly attempts: number;
  /** When the next attempt is due (pending entries). */
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  /** What was sent, kept only by the development outbox (it lists what it "sent"). */
  readonly message: MailMessage | null;
}

/** How an attempt ended. */
export type Settlement =
  | { readonly status: "sent"; readonly attempts: number; readonly message: MailMessage | null; readonly userId: string | null }
  /** Nothing to send after all: no such account, already verified, a limit reached. */
  | { readonly status: "dropped"; readonly attempts: number }
  | { readonly status: "pending"; readonly attempts: number; readonly nextAttemptAt: Date; readonly lastError: string }
  | { readonly status: "failed"; readonly attempts: number; readonly lastError: string };

/** The account an intent names, if it names one. */
export function intentUserId(intent: MailIntent): string | null {
  return "userId" in intent ? intent.userId : null;
}

/** Whether an entry is about the user (by id) or names the address: what an account's deletion removes. */
export function mentions(entry: Pick<OutboxEntry, "intent" | "userId" | "message">, userId: string, email: string): boolean {
  const fields = entry.intent as { userId?: string; email?: string; to?: string; newEmail?: string };
  return entry.userId === userId || fields.userId === userId || [fields.email, fields.to, fields.newEmail, entry.message?.to].includes(email);
}
