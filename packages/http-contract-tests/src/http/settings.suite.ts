import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, deviceCookieHeader, deviceCookieIn, setCookies } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { recoverySettingsSuite } from "./recovery-settings.suite.js";

/**
 * Every setting of the reference apps, given as the environment gives it, read by the apps' own
 * settings loading, and seen at work in a running host: a setting that is misread, or not passed on,
 * fails here.
 */
export function settingsSuite(factory: HttpFactory): void {
  describe("settings, from the environment to a running host", () => {
    const started: Harness[] = [];
    const start = async (env: Record<string, string>) => {
      const harness = await Harness.start(factory, { env });
      started.push(harness);
      return harness;
    };
    afterAll(() => Promise.all(started.map((harness) => harness.stop())));

    it("SESSION_COOKIE_NAME names the session cookie, and the device cookie after it", async () => {
      const app = await start({ SESSION_COOKIE_NAME: "sid" });
      const response = await app.post("/api/users/register").send({ email: uniqueEmail(), password: "correct horse battery" });
      expect(setCookies(response).map((cookie) => cookie.split("=")[0])).toEqual(["sid", "sid-device"]);
    });

    describe("SESSION_LIFETIME_SECONDS and SESSION_ABSOLUTE_LIFETIME_SECONDS", () => {
      let app: Harness;
      beforeAll(async () => {
        app = await start({ SESSION_LIFETIME_SECONDS: "3600", SESSION_ABSOLUTE_LIFETIME_SECONDS: "5400" });
      });

      it("give a new session's cookie the lifetime, renew it at half, and end it at the absolute limit", async () => {
        const response = await app.post("/api/users/register").send({ email: uniqueEmail(), password: "correct horse battery" });
        expect(setCookies(response)[0]).toContain("Max-Age=3600;");
        const token = setCookies(response)[0]?.match(/^token=([^;]+)/)?.[1] as string;
        const me = () => app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, token));
        app.advance(1801_000);
        // Renewed, but only as far as the absolute limit: 5400 s after the start, 3599 s from now.
        expect(setCookies(await me())[0]).toContain("Max-Age=3599;");
        app.advance(3599_000);
        expectError(await me(), 401, "unauthorized");
      });
    });

    it("BCRYPT_COST is the cost of every stored hash, and BCRYPT_CONCURRENCY reaches bcrypt", async () => {
      const app = await start({ BCRYPT_COST: "5", BCRYPT_CONCURRENCY: "2" });
      const account = await registerAccount(app);
      expect((await app.store.users.findByEmail(account.email))?.passwordHash).toMatch(/^\$2b\$05\$/);
      expect(app.tessera.options.bcrypt.concurrency).toBe(2);
    });

    it("LOGIN_FAILURE_WINDOW_SECONDS and LOGIN_MAX_FAILURES_PER_ACCOUNT set the account's limit and its window", async () => {
      const app = await start({ LOGIN_FAILURE_WINDOW_SECONDS: "60", LOGIN_MAX_FAILURES_PER_ACCOUNT: "2" });
      const account = await registerAccount(app);
      const login = (password: string) => app.post("/api/users/login").send({ email: account.email, password });
      for (let i = 0; i < 2; i++) expectError(await login("wrong password"), 401, "invalid_credentials");
      const refused = await login(account.password);
      expectError(refused, 429, "too_many_attempts");
      expect(refused.headers["retry-after"]).toBe("60");
      app.advance(60_000);
      expect((await login(account.password)).status).toBe(200);
    });

    it("LOGIN_MAX_FAILURES_PER_ADDRESS limits one client address across accounts", async () => {
      const app = await start({ LOGIN_MAX_FAILURES_PER_ADDRESS: "2" });
      const account = await registerAccount(app);
      for (let i = 0; i < 2; i++) await app.post("/api/users/login").send({ email: uniqueEmail(), password: "wrong password" });
      expectError(await app.post("/api/users/login").send({ email: account.email, password: account.password }), 429, "too_many_attempts");
    });

    it("LOGIN_MAX_FAILURES_PER_DEVICE sets a trusted device's own limit", async () => {
      const app = await start({ LOGIN_MAX_FAILURES_PER_DEVICE: "1" });
      const email = uniqueEmail();
      const registered = await app.post("/api/users/register").send({ email, password: "correct horse battery" });
      const device = deviceCookieHeader(app.cookie, deviceCookieIn(registered, app.cookie) as string);
      const login = (password: string) => app.post("/api/users/login").set("Cookie", device).send({ email, password });
      expectError(await login("wrong password"), 401, "invalid_credentials");
      expectError(await login("correct horse battery"), 429, "too_many_attempts");
      // The account itself is not locked for a client without that device.
      expect((await app.post("/api/users/login").send({ email, password: "correct horse battery" })).status).toBe(200);
    });

    it("REGISTER_WINDOW_SECONDS and REGISTER_MAX_PER_ADDRESS limit registrations per client address", async () => {
      const app = await start({ REGISTER_WINDOW_SECONDS: "120", REGISTER_MAX_PER_ADDRESS: "1" });
      const register = () => app.post("/api/users/register").send({ email: uniqueEmail(), password: "correct horse battery" });
      expect((await register()).status).toBe(201);
      const refused = await register();
      expectError(refused, 429, "too_many_attempts");
      expect(refused.headers["retry-after"]).toBe("120");
      app.advance(120_000);
      expect((await register()).status).toBe(201);
    });

    recoverySettingsSuite(start, factory);
  });
}
