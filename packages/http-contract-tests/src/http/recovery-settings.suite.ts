import { loadSettings } from "@tessera/server/settings";
import { describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { expectNoCookie, expectSessionCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { expectNoOutbox } from "./production.suite.js";
import { mailSettled, mailTo, nextMail, SUBJECTS, waitForMails } from "./mail.js";
import { FORGOT, forgot, reset, resend, verify } from "./recovery-flows.js";

const PRODUCTION = { NODE_ENV: "production", BCRYPT_COST: "10", PUBLIC_URL: "https://auth.example.org", MAIL_URL: "smtp://127.0.0.1:9" };

/** The text of a link in `text` under `base`, and its token. */
function link(text: string, base: string, action: "reset" | "verify"): string {
  const token = text.split(/\s+/).find((word) => word.startsWith(`${base}/#${action}=`))?.slice(`${base}/#${action}=`.length);
  expect(token, `a link ${base}/#${action}=... in: ${text}`).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return token as string;
}

/**
 * The settings of mail, links and recovery, from the environment to a running host. Each host here
 * runs on a memory store of its own: its courier is the only one that sends its mail.
 */
export function recoverySettingsSuite(start: (env: Record<string, string>) => Promise<Harness>, factory: HttpFactory): void {
  describe("settings of mail and account recovery", () => {
    it.each([
      ["REQUIRE_VERIFIED_EMAIL", "yes"],
      ["REQUIRE_VERIFIED_EMAIL", "1"],
      ["REQUIRE_VERIFIED_EMAIL", "TRUE"],
      ["PUBLIC_URL", "auth.example.org"],
      ["PUBLIC_URL", "ftp://auth.example.org"],
      ["PUBLIC_URL", "https://auth.example.org/?next=1"],
      ["PUBLIC_URL", "https://auth.example.org/#top"],
      ["PUBLIC_URL", "https://user:secret@auth.example.org"],
      ["MAIL_URL", "http://mail.example.org"],
      ["MAIL_URL", "smtp://"],
      ["MAIL_URL", "mail.example.org:587"],
      ["RESET_TOKEN_LIFETIME_SECONDS", "0"],
      ["VERIFY_TOKEN_LIFETIME_SECONDS", "a day"],
      ["FORGOT_PASSWORD_MAX_PER_ADDRESS", "0"],
      ["FORGOT_PASSWORD_WINDOW_SECONDS", "-5"],
      ["RESET_MAIL_MAX_PER_ACCOUNT", "0"],
      ["VERIFICATION_MAIL_MAX_PER_ACCOUNT", "3.5"],
      ["ACCOUNT_MAIL_WINDOW_SECONDS", "0"],
      ["MAIL_MAX_ATTEMPTS", "0"],
      ["MAIL_RETRY_FIRST_SECONDS", "soon"],
    ])("a bad %s (%j) stops start-up with one message naming it", async (variable, value) => {
      const loaded = loadSettings({ [variable]: value });
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.problems).toHaveLength(1);
      expect(loaded.problems[0]).toMatch(new RegExp(`^${variable}[ :]`));
      // The problem does not echo a value that may hold a password.
      if (value.includes("secret")) expect(loaded.problems[0]).not.toContain("secret");
      await expect(Harness.start(factory, { env: { [variable]: value } })).rejects.toThrow(variable);
    });

    it("production without MAIL_URL is refused, naming it", async () => {
      const { MAIL_URL: _left, ...env } = PRODUCTION;
      const loaded = loadSettings(env);
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.problems).toEqual([expect.stringMatching(/^MAIL_URL .*production/)]);
      await expect(Harness.start(factory, { env })).rejects.toThrow("MAIL_URL");
    });

    it("production without PUBLIC_URL starts, and warns once that mail links would reach nobody", async () => {
      const { PUBLIC_URL: _left, ...env } = PRODUCTION;
      const app = await Harness.start(factory, { env });
      try {
        const warnings = app.logs.filter((line) => line.includes('"event":"config_warning"'));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain("PUBLIC_URL");
        expect((await app.get("/healthz")).status).toBe(200);
      } finally {
        await app.stop();
      }
    });

    it("production takes PUBLIC_URL and MAIL_URL together", () => {
      expect(loadSettings(PRODUCTION).ok).toBe(true);
    });

    it("PUBLIC_URL is where mail links point, without its trailing slash", async () => {
      const app = await start({ PUBLIC_URL: "https://app.example.org/account/" });
      const { email } = await registerAccount(app);
      const mail = await nextMail(app, email, SUBJECTS.verify);
      const token = link(mail.text, "https://app.example.org/account", "verify");
      expect((await verify(app, token)).status).toBe(200);
      expect((await forgot(app, email)).status).toBe(202);
      link((await nextMail(app, email, SUBJECTS.reset)).text, "https://app.example.org/account", "reset");
    });

    it("without PUBLIC_URL, links point at the app's own address: HOST and PORT", async () => {
      const fallback = await start({});
      const { email } = await registerAccount(fallback);
      link((await nextMail(fallback, email, SUBJECTS.verify)).text, "http://127.0.0.1:3000", "verify");
      const anyHost = await start({ HOST: "0.0.0.0", PORT: "4321" });
      const other = await registerAccount(anyHost);
      link((await nextMail(anyHost, other.email, SUBJECTS.verify)).text, "http://127.0.0.1:4321", "verify");
    });

    it("RESET_TOKEN_LIFETIME_SECONDS sets how long a reset link works", async () => {
      const app = await start({ RESET_TOKEN_LIFETIME_SECONDS: "120" });
      const early = await registerAccount(app);
      const late = await registerAccount(app);
      const tokenOf = async (email: string) => {
        expect((await forgot(app, email)).status).toBe(202);
        return link((await nextMail(app, email, SUBJECTS.reset)).text, app.publicUrl, "reset");
      };
      const earlyToken = await tokenOf(early.email);
      const lateToken = await tokenOf(late.email);
      app.advance(119_000);
      expect((await reset(app, earlyToken, app.secret("within two minutes"))).status).toBe(200);
      app.advance(1000);
      expectError(await reset(app, lateToken, app.secret("two minutes on")), 400, "invalid_token");
    });

    it("VERIFY_TOKEN_LIFETIME_SECONDS sets how long a verification link works", async () => {
      const app = await start({ VERIFY_TOKEN_LIFETIME_SECONDS: "120" });
      const early = await registerAccount(app);
      const late = await registerAccount(app);
      const earlyToken = link((await nextMail(app, early.email, SUBJECTS.verify)).text, app.publicUrl, "verify");
      const lateToken = link((await nextMail(app, late.email, SUBJECTS.verify)).text, app.publicUrl, "verify");
      app.advance(119_000);
      expect((await verify(app, earlyToken)).status).toBe(200);
      app.advance(1000);
      expectError(await verify(app, lateToken), 400, "invalid_token");
    });

    it("FORGOT_PASSWORD_MAX_PER_ADDRESS and FORGOT_PASSWORD_WINDOW_SECONDS limit reset requests per client address", async () => {
      const app = await start({ FORGOT_PASSWORD_MAX_PER_ADDRESS: "1", FORGOT_PASSWORD_WINDOW_SECONDS: "120" });
      expect((await forgot(app, uniqueEmail())).body).toEqual(FORGOT);
      const refused = await forgot(app, uniqueEmail());
      expectError(refused, 429, "too_many_attempts");
      expect(refused.headers["retry-after"]).toBe("120");
      app.advance(120_000);
      expect((await forgot(app, uniqueEmail())).status).toBe(202);
    });

    it("RESET_MAIL_MAX_PER_ACCOUNT and ACCOUNT_MAIL_WINDOW_SECONDS limit the reset letters of an account", async () => {
      const app = await start({ RESET_MAIL_MAX_PER_ACCOUNT: "1", ACCOUNT_MAIL_WINDOW_SECONDS: "60" });
      const { email } = await registerAccount(app);
      expect((await forgot(app, email)).status).toBe(202);
      await waitForMails(app, email, SUBJECTS.reset, 1);
      expect((await forgot(app, email)).body).toEqual(FORGOT);
      await mailSettled(app);
      expect(await mailTo(app, email, SUBJECTS.reset)).toHaveLength(1);
      app.advance(60_000);
      expect((await forgot(app, email)).status).toBe(202);
      await waitForMails(app, email, SUBJECTS.reset, 2);
    });

    it("VERIFICATION_MAIL_MAX_PER_ACCOUNT and ACCOUNT_MAIL_WINDOW_SECONDS limit verification letters", async () => {
      const app = await start({ VERIFICATION_MAIL_MAX_PER_ACCOUNT: "1", ACCOUNT_MAIL_WINDOW_SECONDS: "60" });
      const { token } = await registerAccount(app);
      expect((await resend(app, token)).status).toBe(202);
      const refused = await resend(app, token);
      expectError(refused, 429, "too_many_attempts");
      expect(refused.headers["retry-after"]).toBe("60");
      app.advance(60_000);
      expect((await resend(app, token)).status).toBe(202);
    });

    it("REQUIRE_VERIFIED_EMAIL=false (the default) starts a session at register", async () => {
      const app = await start({ REQUIRE_VERIFIED_EMAIL: "false" });
      const response = await app.post("/api/users/register").send({ email: uniqueEmail(), password: "correct horse battery" });
      expect(response.status).toBe(201);
      expectSessionCookie(response, app.cookie);
    });

    it("REQUIRE_VERIFIED_EMAIL=true starts none", async () => {
      const app = await start({ REQUIRE_VERIFIED_EMAIL: "true" });
      const response = await app.post("/api/users/register").send({ email: uniqueEmail(), password: "correct horse battery" });
      expect(response.status).toBe(201);
      expectNoCookie(response);
    });

    it("MAIL_URL sends mail over SMTP: no development outbox, and no answer changes while the server is away", async () => {
      const app = await start({ MAIL_URL: "smtp://127.0.0.1:9" });
      const account = await registerAccount(app);
      expect((await forgot(app, account.email)).body).toEqual(FORGOT);
      expect((await resend(app, account.token)).status).toBe(202);
      await mailSettled(app);
      expect(app.logs.some((line) => line.includes('"event":"mail_retry"'))).toBe(true);
      await expectNoOutbox(app);
    });
  });
}
