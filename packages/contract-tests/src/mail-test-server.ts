import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "./free-port.js";

/*
 * A real SMTP server for the mail suites: Mailpit, an open-source SMTP server with an HTTP API,
 * started here as a child process on loopback ports, the way the Mongo suites start FerretDB.
 * The binary: MAILPIT_BIN, else the one tools/mail-test-server/build-mailpit.sh caches.
 */

export interface CaughtMail {
  readonly id: string;
  /** The sender, as the From header names it. */
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface MailTestServer {
  /** smtp://127.0.0.1:<port>, for MAIL_URL. */
  readonly smtpUrl: string;
  /** Every message the server caught, newest first. */
  messages(): Promise<CaughtMail[]>;
  /**
   * Waits until a message to this address whose subject matches has arrived (the newest such), polling
   * until the deadline: also while the server is down or coming back.
   */
  waitFor(to: string, subject: RegExp, timeoutMs?: number): Promise<CaughtMail>;
  /** Stops the server, as an outage would; `start` brings it back on the same ports. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const MAILPIT_VERSION = "v1.33.1";

export function mailpitBinary(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const bin = env.MAILPIT_BIN || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "tessera", `mailpit-${MAILPIT_VERSION}`, "mailpit");
  return existsSync(bin) ? bin : null;
}

export async function startMailTestServer(): Promise<MailTestServer> {
  const bin = mailpitBinary();
  if (!bin) throw new Error("no Mailpit binary: run tools/mail-test-server/build-mailpit.sh, or set MAILPIT_BIN");
  const [smtpPort, httpPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const dataDir = mkdtempSync(join(tmpdir(), "tessera-mailpit-"));
  const api = `http://127.0.0.1:${httpPort}/api/v1`;
  let child: ChildProcess | null = null;

  const start = async () => {
    // Everything it could reach for on its own is off: update checks, reverse DNS, link checks.
    child = spawn(
      bin,
      [
        "--listen", `127.0.0.1:${httpPort}`,
        "--smtp", `127.0.0.1:${smtpPort}`,
        "--database", join(dataDir, "mailpit.db"),
        "--disable-version-check",
        "--smtp-disable-rdns",
        "--smtp-auth-accept-any",
        "--smtp-auth-allow-insecure",
        "--quiet",
      ],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 20_000;
    while (!(await fetch(`${api}/info`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error("Mailpit did not answer within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once("exit", resolve);
      running.kill("SIGKILL");
    });
  };
  const messages = async (): Promise<CaughtMail[]> => {
    const list = (await (await fetch(`${api}/messages?limit=500`)).json()) as { messages: { ID: string }[] };
    return Promise.all(
      list.messages.map(async ({ ID }) => {
        const message = (await (await fetch(`${api}/message/${ID}`)).json()) as {
          From: { Name: string; Address: string };
          To: { Address: string }[];
          Subject: string;
          Text: string;
          HTML: string;
        };
        return {
          id: ID,
          from: { name: message.From.Name, address: message.From.Address },
          to: message.To.map((to) => to.Address),
          subject: message.Subject,
          text: message.Text,
          html: message.HTML,
        };
      }),
    );
  };

  await start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages,
    waitFor: async (to, subject, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const caught = await messages().catch(() => []);
        const found = caught.find((message) => message.to.includes(to) && subject.test(message.subject));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no message to ${to} matching ${subject} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill,
    start,
    stop: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
