import { randomBytes } from "node:crypto";
import { loadApps } from "@tessera/apps-tests/apps";
import { describeWithMail } from "@tessera/contract-tests/mail-suites";
import { startMailTestServer, type CaughtMail, type MailTestServer } from "@tessera/contract-tests/mail-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startApp, until, type AppProcess } from "./processes.js";

/*
 * Each reference app as people run it (`node apps/<app>/dist/main.js`), sending its mail over SMTP
 * to Mailpit, a real SMTP server with an HTTP API, both on loopback. Every wait polls against a
 * deadline: nothing here depends on how fast the machine is.
 */

const MAIL_FROM = "Tessera <no-reply@example.org>";
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "brand new battery staple";
const MAIL_DEADLINE_MS = 60_000;

const FORGOT_ANSWER = {
  title: "Password Reset Requested",
  detail: "If an account exists for this address, a reset link is on its way",
};

const apps = await loadApps();

/** Every address and every mail's token the tests used: none may ever reach an app's log. */
const secrets: string[] = [];

/** A fresh address per use: Mailpit keeps every message of the run. */
function address(who: string): string {
  const made = `${who}.${randomBytes(4).toString("hex")}@example.org`;
  secrets.push(made);
  return made;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The token of the one link in a mail, checked to be the same in its text and HTML parts. */
function linkToken(mail: CaughtMail, origin: string, action: "verify" | "reset"): string {
  const pattern = new RegExp(`${escapeRegExp(origin)}/#${action}=([A-Za-z0-9_-]+)`, "g");
  const inText = [...mail.text.matchAll(pattern)].map((match) => match[1]);
  const inHtml = [...mail.html.matchAll(pattern)].map((match) => match[1]);
  expect(inText, `one ${action} link in the text`).toHaveLength(1);
  expect(inHtml, `the same link in the HTML`).toEqual(inText);
  expect(mail.html).toContain(`href="${origin}/#${action}=${inText[0]}"`);
  const token = inText[0]!;
  expect(token.length).toBeGreaterThanOrEqual(43);
  return token;
}

/** What every mail of the app carries: MAIL_FROM as its sender, one recipient, a text and an HTML part. */
function expectLetter(mail: CaughtMail, to: string): void {
  expect(mail.from).toEqual({ name: "Tessera", address: "no-reply@example.org" });
  expect(mail.to).toEqual([to]);
  expect(mail.text.length).toBeGreaterThan(0);
  expect(mail.html).toMatch(/^<p>/);
}

describeWithMail("mail end to end, each app sending to a real SMTP server", () => {
  let mailpit: MailTestServer;

  beforeAll(async () => {
    mailpit = await startMailTestServer();
  });
  afterAll(async () => {
    await mailpit?.stop();
  });

  describe.each(apps.map((app) => [app.name, app] as const))("the %s app", (name, entry) => {
    let app: AppProcess;

    beforeAll(async () => {
      app = await startApp(entry, (origin) => ({
        DATABASE_URL: "memory:",
        MAIL_URL: mailpit.smtpUrl,
        MAIL_FROM,
        PUBLIC_URL: origin,
        MAIL_RETRY_FIRST_SECONDS: "1",
      }));
      expect(mailpit.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    });
    afterAll(async () => {
      if (!app) return;
      await app.stop();
      const output = app.output();
      expect(output).toContain('"event":"mail_sent"');
      for (const secret of secrets) expect(output, `${name} logged ${secret}`).not.toContain(secret);
    });

    /** Registers an account through the API and answers its bearer token. */
    async function register(email: string): Promise<string> {
      const answer = await call(app.origin, "POST", "/api/users/register", { body: { email, password: PASSWORD }, headers: { "X-Session-Transport": "bearer" } });
      expect(answer.status, answer.text).toBe(201);
      return answer.body.token as string;
    }

    it("register: the verification mail arrives from MAIL_FROM with a link to PUBLIC_URL, and its token verifies the address", async () => {
      const email = address(`verify-${name}`);
      const session = await register(email);
      expect((await call(app.origin, "GET", "/api/users/me", { bearer: session })).body).toMatchObject({ user: { email, emailVerified: false } });

      const mail = await mailpit.waitFor(email, /^Confirm your email address$/, MAIL_DEADLINE_MS);
      expectLetter(mail, email);
      const token = linkToken(mail, app.origin, "verify");
      secrets.push(token);

      const verified = await call(app.origin, "POST", "/api/users/email/verify", { body: { token } });
      expect(verified.status, verified.text).toBe(200);
      expect(verified.body).toMatchObject({ title: "Email Verified" });
      expect((await call(app.origin, "GET", "/api/users/me", { bearer: session })).body).toMatchObject({ user: { email, emailVerified: true } });
      // Single use.
      const again = await call(app.origin, "POST", "/api/users/email/verify", { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ errors: [{ code: "invalid_token" }] });
    });

    it("forgot: the reset mail arrives, its token resets the password, and the notice that it was reset follows", async () => {
      const email = address(`reset-${name}`);
      const session = await register(email);
      await mailpit.waitFor(email, /^Confirm your email address$/, MAIL_DEADLINE_MS);

      const forgot = await call(app.origin, "POST", "/api/users/password/forgot", { body: { email } });
      expect(forgot.status, forgot.text).toBe(202);
      expect(forgot.body).toEqual(FORGOT_ANSWER);

      const mail = await mailpit.waitFor(email, /^Reset your password$/, MAIL_DEADLINE_MS);
      expectLetter(mail, email);
      const token = linkToken(mail, app.origin, "reset");
      secrets.push(token);

      const reset = await call(app.origin, "POST", "/api/users/password/reset", { body: { token, newPassword: NEW_PASSWORD } });
      expect(reset.status, reset.text).toBe(200);
      expect(reset.body).toEqual({ title: "Password Reset", detail: "Password updated; every session was signed out" });

      const notice = await mailpit.waitFor(email, /^Your password was reset$/, MAIL_DEADLINE_MS);
      expectLetter(notice, email);
      expect(notice.text).not.toContain("#reset=");

      expect((await call(app.origin, "GET", "/api/users/me", { bearer: session })).status).toBe(401);
      expect((await call(app.origin, "POST", "/api/users/login", { body: { email, password: PASSWORD } })).status).toBe(401);
      expect((await call(app.origin, "POST", "/api/users/login", { body: { email, password: NEW_PASSWORD } })).status).toBe(200);
      expect((await call(app.origin, "POST", "/api/users/password/reset", { body: { token, newPassword: "yet another battery" } })).status).toBe(400);
    });

    it("an outage of the mail server changes no answer and loses no mail: it arrives once the server is back", async () => {
      const before = address(`before-${name}`);
      const during = address(`during-${name}`);
      await register(before);
      await register(during);
      await mailpit.waitFor(before, /^Confirm your email address$/, MAIL_DEADLINE_MS);
      await mailpit.waitFor(during, /^Confirm your email address$/, MAIL_DEADLINE_MS);

      const answered = await call(app.origin, "POST", "/api/users/password/forgot", { body: { email: before } });
      expect(answered.status).toBe(202);
      await mailpit.waitFor(before, /^Reset your password$/, MAIL_DEADLINE_MS);

      const retriesBefore = app.output().split('"event":"mail_retry"').length;
      await mailpit.kill();
      let restarted = false;
      try {
        // Exactly the answer it gave while the server was up, for an account and for no account alike.
        for (const email of [during, address(`nobody-${name}`)]) {
          const answer = await call(app.origin, "POST", "/api/users/password/forgot", { body: { email } });
          expect({ status: answer.status, contentType: answer.contentType, text: answer.text }).toEqual({
            status: answered.status,
            contentType: answered.contentType,
            text: answered.text,
          });
        }
        // The courier tried, and failed: the mail waits in the store.
        await until(
          () => app.output().split('"event":"mail_retry"').length > retriesBefore,
          MAIL_DEADLINE_MS,
          () => `no failed attempt was logged while the mail server was down:\n${app.output()}`,
        );
        expect((await call(app.origin, "GET", "/healthz")).status).toBe(200);
        await mailpit.start();
        restarted = true;
      } finally {
        if (!restarted) await mailpit.start();
      }

      const mail = await mailpit.waitFor(during, /^Reset your password$/, 3 * MAIL_DEADLINE_MS);
      expectLetter(mail, during);
      // The link that arrived is the live one (each attempt made a new token, voiding the last).
      const token = linkToken(mail, app.origin, "reset");
      secrets.push(token);
      const reset = await call(app.origin, "POST", "/api/users/password/reset", { body: { token, newPassword: NEW_PASSWORD } });
      expect(reset.status, reset.text).toBe(200);
      expect((await mailpit.messages()).filter((caught) => caught.to.includes(during) && /^Reset your password$/.test(caught.subject))).toHaveLength(1);
    });
  });
});
