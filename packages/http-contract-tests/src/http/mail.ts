import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import type { Harness } from "./harness.js";

/** A message as GET /dev/outbox lists it. */
export interface Mail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly createdAt: string;
}

/** The subject of each letter, by what it is for. */
export const SUBJECTS = {
  verify: "Confirm your email address",
  reset: "Reset your password",
  confirmChange: "Confirm your new email address",
  changeRequested: "A change of your email address was requested",
  changed: "Your email address was changed",
  passwordChanged: "Your password was changed",
  resetDone: "Your password was reset",
} as const;

/** Long enough for a loaded machine; a test waits only as long as the mail takes. */
const MAIL_DEADLINE_MS = 10_000;
const POLL_MS = 50;

/** The development outbox, newest first, its shape checked. */
export async function outbox(h: Harness): Promise<Mail[]> {
  const response = await h.get("/dev/outbox");
  expect(response.status).toBe(200);
  return (response.body as { messages: Mail[] }).messages;
}

/**
 * The first message `predicate` picks, once the courier has sent it: mail goes out after the
 * answer, so the outbox is read again until it shows (never a fixed wait).
 *
 * The outbox lists the newest 100 messages. Mail made while a test had moved the clock forward, or
 * by a harness started later on the same store, stays newer than a test's own for good: a suite
 * keeps such mail to a few dozen messages, or its later tests would wait for mail they cannot see.
 */
export async function waitForMail(h: Harness, predicate: (mail: Mail) => boolean, what = "the message"): Promise<Mail> {
  const deadline = Date.now() + MAIL_DEADLINE_MS;
  for (;;) {
    const found = (await outbox(h)).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not reach the development outbox within ${MAIL_DEADLINE_MS} ms`);
    await sleep(POLL_MS);
  }
}

/** The messages to `to` with `subject`, newest first. */
export async function mailTo(h: Harness, to: string, subject: string): Promise<Mail[]> {
  return (await outbox(h)).filter((mail) => mail.to === to && mail.subject === subject);
}

/** Waits until `count` messages to `to` with `subject` were sent, and answers them, newest first. */
export async function waitForMails(h: Harness, to: string, subject: string, count: number): Promise<Mail[]> {
  const deadline = Date.now() + MAIL_DEADLINE_MS;
  for (;;) {
    const found = await mailTo(h, to, subject);
    if (found.length >= count) {
      expect(found, `more than ${count} "${subject}" to ${to}`).toHaveLength(count);
      return found;
    }
    if (Date.now() > deadline) throw new Error(`${count} "${subject}" to ${to} did not reach the development outbox within ${MAIL_DEADLINE_MS} ms (${found.length} did)`);
    await sleep(POLL_MS);
  }
}

/**
 * The courier has settled everything queued so far (sent, or dropped as nothing to send): a message
 * not in the outbox now will not come. The entries are in the store before the answer is.
 */
export async function mailSettled(h: Harness): Promise<void> {
  await h.tessera.mail.runOnce();
}

/** The token a message's link carries: `${PUBLIC_URL}/#reset=<token>` or `#verify=<token>`. */
export function linkToken(h: Harness, mail: Mail, action: "reset" | "verify"): string {
  const link = new RegExp(`(?:^|\\s)${escape(h.publicUrl)}/#${action}=([A-Za-z0-9_-]+)(?:\\s|$)`);
  const token = mail.text.match(link)?.[1];
  expect(token, `a ${h.publicUrl}/#${action}= link in: ${mail.text}`).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  return token as string;
}

/**
 * The next message to `to` with `subject`: the one that is not among `before` (the ones of its kind
 * seen already), once it arrives.
 */
export async function nextMail(h: Harness, to: string, subject: string, before: readonly Mail[] = []): Promise<Mail> {
  const all = await waitForMails(h, to, subject, before.length + 1);
  return all.find((mail) => !before.some((seen) => seen.id === mail.id)) as Mail;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
