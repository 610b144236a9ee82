import type { MailMessage } from "@tessera/domain/mail";
import { createTransport } from "nodemailer";

export type Delivery = (message: MailMessage) => Promise<void>;

export interface SmtpOptions {
  /** smtp://user:pass@host:port, or smtps:// for TLS from the first byte. */
  readonly url: string;
  /** The sender: an address, or a name and an address ("Tessera <no-reply@example.org>"). */
  readonly from: string;
}

/**
 * Delivery over SMTP through nodemailer. Bounded waits: a mail server that hangs fails the attempt
 * (the courier retries later) instead of holding the courier.
 */
export function smtpDelivery({ url, from }: SmtpOptions): Delivery & { close(): void } {
  const parsed = new URL(url);
  const transport = createTransport({
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === "smtps:" ? 465 : 587),
    // smtps: TLS from the first byte; smtp: upgraded with STARTTLS when the server offers it.
    secure: parsed.protocol === "smtps:",
    ...(parsed.username && { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  const deliver = async (message: MailMessage) => {
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  };
  return Object.assign(deliver, { close: () => transport.close() });
}

/** The URL as it may be logged: no password in it. */
export function redactMailUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
