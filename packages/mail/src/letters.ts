import type { Letter, MailMessage } from "@tessera/domain/mail";

/*
 * Every letter's words, in one place: a subject, plain text, and simple HTML saying the same. Links
 * carry their token in the URL's fragment (#reset=..., #verify=...), which browsers never send to a
 * server: it reaches no server log and no Referer header.
 */

interface Words {
  readonly subject: string;
  /** Paragraphs; the link, when there is one, goes after the first. */
  readonly paragraphs: readonly string[];
  readonly link?: { readonly action: "reset" | "verify"; readonly label: string };
}

function words(letter: Letter): Words {
  switch (letter.kind) {
    case "verify_email":
      return {
        subject: "Confirm your email address",
        paragraphs: [`Confirm that this address is yours: open the link below. It works once, for ${duration(letter.validForMs, DAY_MS)}.`, "If you did not create an account, ignore this message."],
        link: { action: "verify", label: "Confirm my address" },
      };
    case "password_reset":
      return {
        subject: "Reset your password",
        paragraphs: [
          `Someone, probably you, asked to reset the password of the account with this address. Open the link below to choose a new one. It works once, for ${duration(letter.validForMs, HOUR_MS)}.`,
          "If it was not you, ignore this message: your password stays as it is.",
        ],
        link: { action: "reset", label: "Choose a new password" },
      };
    case "confirm_email_change":
      return {
        subject: "Confirm your new email address",
        paragraphs: [
          `Confirm that ${letter.to} is to be the address of your account: open the link below. It works once, for ${duration(letter.validForMs, DAY_MS)}.`,
          "If you did not ask for this, ignore this message: nothing changes.",
        ],
        link: { action: "verify", label: "Confirm the new address" },
      };
    case "email_change_requested":
      return {
        subject: "A change of your email address was requested",
        paragraphs: [
          `Someone signed in to your account asked to change its address to ${letter.newEmail ?? "another address"}. It changes only once the new address is confirmed.`,
          "If it was not you, change your password now: whoever asked knows it.",
        ],
      };
    case "email_changed":
      return {
        subject: "Your email address was changed",
        paragraphs: [
          `The address of your account is now ${letter.newEmail ?? "another address"}: this one no longer signs in.`,
          "If it was not you, contact us at once.",
        ],
      };
    case "password_changed":
      return {
        subject: "Your password was changed",
        paragraphs: ["The password of your account was changed, and every other session was signed out.", "If it was not you, reset your password now."],
      };
    case "password_reset_done":
      return {
        subject: "Your password was reset",
        paragraphs: ["The password of your account was reset, and every session was signed out.", "If it was not you, reset your password again now."],
      };
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "24 hours", "one hour", "30 minutes": how long a link works, in words (the contract's default when unknown). */
export function duration(ms: number | undefined, fallbackMs: number): string {
  const value = ms ?? fallbackMs;
  const [count, unit] = value % HOUR_MS === 0 ? [value / HOUR_MS, "hour"] : [Math.max(1, Math.round(value / MINUTE_MS)), "minute"];
  return count === 1 ? `one ${unit}` : `${count} ${unit}s`;
}

/** A letter in words, its links built from the public URL of the app (PUBLIC_URL). */
export function compose(letter: Letter, publicUrl: string): MailMessage {
  const { subject, paragraphs, link } = words(letter);
  const url = link && letter.token ? `${publicUrl.replace(/\/+$/, "")}/#${link.action}=${letter.token}` : null;
  const [first = "", ...rest] = paragraphs;
  const text = [first, ...(url ? [url] : []), ...rest, "-- Tessera"].join("\n\n");
  const html = [
    `<p>${escape(first)}</p>`,
    ...(url && link ? [`<p><a href="${escape(url)}">${escape(link.label)}</a></p>`] : []),
    ...rest.map((paragraph) => `<p>${escape(paragraph)}</p>`),
    "<p>&mdash; Tessera</p>",
  ].join("\n");
  return { to: letter.to, subject, text, html };
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
