import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, deviceCookieHeader, deviceCookieIn, expectNoCookie } from "./cookies.js";
import { send } from "./races.suite.js";
import { Harness, type HttpFactory } from "./harness.js";

const WINDOW_MS = 15 * 60 * 1000;

export function throttleSuite(h: () => Harness, factory: HttpFactory): void {
  describe("login throttling", () => {
    afterEach(() => h().resetClock());
    const login = (email: string, password: string) => h().post("/api/users/login").send({ email, password });
    const failTimes = async (email: string, times: number) => {
      for (let i = 0; i < times; i++) expectError(await login(email, "wrong password"), 401, "invalid_credentials");
    };

    it("answers 429 too_many_attempts with Retry-After after 5 failures in 15 minutes, even to the right password", async () => {
      const account = await registerAccount(h());
      await failTimes(account.email, 5);
      const response = await login(account.email, account.password);
      expectError(response, 429, "too_many_attempts");
      expectNoCookie(response);
      const retryAfter = response.headers["retry-after"];
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000);
    });

    it("lets the account in again once the failures are 15 minutes old", async () => {
      const account = await registerAccount(h());
      await failTimes(account.email, 5);
      h().advance(WINDOW_MS - 60_000);
      const response = await login(account.email, account.password);
      expectError(response, 429, "too_many_attempts");
      expect(Number(response.headers["retry-after"])).toBeLessThanOrEqual(60);
      h().advance(60_000);
      expect((await login(account.email, account.password)).status).toBe(200);
    });

    it("counts only 401 answers: refused requests do not", async () => {
      const account = await registerAccount(h());
      await failTimes(account.email, 4);
      for (let i = 0; i < 6; i++) expectError(await h().post("/api/users/login").send({ email: account.email, password: 5 }), 400, "invalid_request");
      expect((await login(account.email, account.password)).status).toBe(200);
    });

    it("clears the account's count on a successful login", async () => {
      const account = await registerAccount(h());
      await failTimes(account.email, 4);
      expect((await login(account.email, account.password)).status).toBe(200);
      await failTimes(account.email, 4);
      expect((await login(account.email, account.password)).status).toBe(200);
    });

    it("throttles an unknown email exactly like a known one", async () => {
      const email = uniqueEmail();
      await failTimes(email, 5);
      expectError(await login(email, "wrong password"), 429, "too_many_attempts");
    });

    it("checks no more wrong passwords than the limit, however parallel the burst", async () => {
      for (let round = 0; round < 3; round++) {
        const account = await registerAccount(h());
        const responses = await Promise.all(Array.from({ length: 30 }, () => send(login(account.email, "wrong password"))));
        const statuses = responses.map((response) => response.status);
        expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
        expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
        expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(1);
        expectError(await login(account.email, account.password), 429, "too_many_attempts");
      }
    });

    it("throttles guesses of the current password at a password change like failed logins", async () => {
      const account = await registerAccount(h());
      const change = (currentPassword: string) =>
        h()
          .post("/api/users/password")
          .set("Cookie", cookieHeader(h().cookie, account.token))
          .send({ currentPassword, newPassword: "a brand new password" });
      for (let i = 0; i < 5; i++) expectError(await change(`guess ${i}`), 403, "invalid_credentials");
      const refused = await change(account.password);
      expectError(refused, 429, "too_many_attempts");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expectError(await login(account.email, account.password), 429, "too_many_attempts");
    });
  });

  describe("login throttling per client address (behind one trusted proxy, limit 3)", () => {
    let proxied: Harness;
    beforeAll(async () => {
      proxied = await Harness.start(factory, {
        env: {
          TRUST_PROXY_HOPS: "1",
          LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_MS / 1000),
          LOGIN_MAX_FAILURES_PER_ACCOUNT: "5",
          LOGIN_MAX_FAILURES_PER_ADDRESS: "3",
          REGISTER_MAX_PER_ADDRESS: "3",
        },
      });
    });
    afterAll(() => proxied?.stop());
    const from = (address: string, email: string, password: string) =>
      proxied.post("/api/users/login").set("X-Forwarded-For", address).send({ email, password });

    it("stops an address that fails across many accounts, and only that address", async () => {
      const account = await registerAccount(proxied);
      for (let i = 0; i < 3; i++) expectError(await from("203.0.113.7", uniqueEmail(), "wrong password"), 401, "invalid_credentials");
      expectError(await from("203.0.113.7", account.email, account.password), 429, "too_many_attempts");
      expect((await from("203.0.113.8", account.email, account.password)).status).toBe(200);
    });

    it("lets a browser that signed in before (its device cookie) in past a lockout others caused", async () => {
      const email = uniqueEmail();
      const password = proxied.secret(`device ${email}`.slice(0, 60));
      const registered = await proxied.post("/api/users/register").set("X-Forwarded-For", "203.0.113.20").send({ email, password });
      const device = deviceCookieIn(registered, proxied.cookie);
      expect(device).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // An attacker locks the account out from elsewhere.
      for (let i = 0; i < 5; i++) expectError(await from(`198.51.100.${30 + i}`, email, "wrong password"), 401, "invalid_credentials");
      expectError(await from("203.0.113.20", email, password), 429, "too_many_attempts");
      const trusted = await from("203.0.113.20", email, password).set("Cookie", deviceCookieHeader(proxied.cookie, device as string));
      expect(trusted.status).toBe(200);
      // It already holds a device cookie for this account: none is set again.
      expect(deviceCookieIn(trusted, proxied.cookie)).toBeUndefined();
    });

    it("limits registrations per client address, and says when to come back", async () => {
      const register = (address: string) =>
        proxied.post("/api/users/register").set("X-Forwarded-For", address).send({ email: uniqueEmail(), password: "correct horse battery" });
      for (let i = 0; i < 3; i++) expect((await register("203.0.113.40")).status).toBe(201);
      const refused = await register("203.0.113.40");
      expectError(refused, 429, "too_many_attempts");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expectNoCookie(refused);
      expect((await register("203.0.113.41")).status).toBe(201);
    });

    it("takes the address the trusted proxy saw, not one the client claims before it", async () => {
      const account = await registerAccount(proxied);
      for (let i = 0; i < 3; i++) {
        const spoofed = `198.51.100.${i}, 203.0.113.9`;
        expectError(await from(spoofed, uniqueEmail(), "wrong password"), 401, "invalid_credentials");
      }
      expectError(await from("203.0.113.9", account.email, account.password), 429, "too_many_attempts");
    });
  });
}
