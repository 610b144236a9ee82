import { describe, expect, it } from "vitest";
import { loginAccount, longestEmail, registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie, expectNoCookie, expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

const REGISTERED = { title: "User Registration Successful", detail: "Successfully registered new user" };
const LOGGED_IN = { title: "Login Successful", detail: "Successfully validated user credentials" };
const LOGGED_OUT = { title: "Logout Successful", detail: "Successfully expired login session" };

export function accountsSuite(h: () => Harness): void {
  describe("register", () => {
    it("answers 201 with the contract's texts and a session cookie carrying the full lifetime", async () => {
      const response = await h().post("/api/users/register").send({ email: uniqueEmail(), password: h().secret("correct horse battery") });
      expect(response.status).toBe(201);
      expect(response.body).toEqual(REGISTERED);
      expectSessionCookie(response, h().cookie);
    });

    it("signs the new user in: the cookie works at once", async () => {
      const { email, token } = await registerAccount(h());
      const me = await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe(email);
    });

    it("stores the email trimmed and lower-cased, and refuses it again in any case with 409 email_taken", async () => {
      const email = uniqueEmail();
      const { token } = await registerAccount(h(), `  ${email.toUpperCase()} `);
      const me = await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));
      expect(me.body.user.email).toBe(email);

      const again = await h().post("/api/users/register").send({ email, password: "another password" });
      expectError(again, 409, "email_taken");
      expectNoCookie(again);
    });

    it.each([
      ["an invalid email", { email: "not-an-email", password: "correct horse" }, "email must be a valid email address"],
      ["a short password", { email: "EMAIL", password: "1234567" }, "password must be at least 8 characters"],
      ["a 73-byte password", { email: "EMAIL", password: "x".repeat(73) }, "password must be at most 72 bytes"],
      ["a password of 25 three-byte characters", { email: "EMAIL", password: "€".repeat(25) }, "password must be at most 72 bytes"],
      ["an email over 254 characters", { email: `${"a".repeat(250)}@example.org`, password: "correct horse" }, "email must be at most 254"],
      ["a missing password", { email: "EMAIL" }, "password is required"],
      ["a query operator as email", { email: { $gt: "" }, password: "correct horse" }, "email must be a string"],
      ["a number as password", { email: "EMAIL", password: 12345678 }, "password must be a string"],
      ["an array as email", { email: ["a@example.org"], password: "correct horse" }, "email must be a string"],
      ["null as email", { email: null, password: "correct horse" }, "email must be a string"],
    ])("refuses %s with 400 invalid_request saying what is wrong", async (_case, body, detail) => {
      const email = uniqueEmail();
      const sent = JSON.parse(JSON.stringify(body).replace('"EMAIL"', JSON.stringify(email)));
      const response = await h().post("/api/users/register").send(sent);
      expectError(response, 400, "invalid_request");
      expect(response.body.errors.map((e: { detail: string }) => e.detail).join("\n")).toContain(detail);
      expectNoCookie(response);
      // Nothing was stored: the address is still free.
      await registerAccount(h(), email);
    });

    it("accepts a 72-byte password and a 254-character email", async () => {
      const email = longestEmail();
      expect(email).toHaveLength(254);
      const response = await h().post("/api/users/register").send({ email, password: "€".repeat(24) });
      expect(response.status).toBe(201);
    });

    it.each([
      ["a NUL", "123456\u0000123456"],
      ["unpaired surrogates", "\ud800".repeat(8)],
    ])("refuses a password with %s (bcrypt cannot tell it from others) with 400 invalid_request", async (_case, password) => {
      const response = await h().post("/api/users/register").send({ email: uniqueEmail(), password });
      expectError(response, 400, "invalid_request");
      expect(response.body.errors[0].detail).toBe("password must be text: no NUL character and no unpaired surrogate");
    });

    it("lists every invalid field", async () => {
      const response = await h().post("/api/users/register").send({ email: 5, password: [] });
      expect(response.status).toBe(400);
      expect(response.body.errors).toHaveLength(2);
    });
  });

  describe("login", () => {
    it("answers 200 with the contract's texts and a new session, leaving the first one valid", async () => {
      const account = await registerAccount(h());
      const response = await h().post("/api/users/login").send({ email: account.email, password: account.password });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(LOGGED_IN);
      const token = expectSessionCookie(response, h().cookie);
      expect(token).not.toBe(account.token);
      for (const t of [token, account.token]) {
        expect((await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, t))).status).toBe(200);
      }
    });

    it("takes the email in any case and with spaces around it", async () => {
      const account = await registerAccount(h());
      await loginAccount(h(), { email: ` ${account.email.toUpperCase()}  `, password: account.password });
    });

    it("gives the same 401 invalid_credentials for an unknown email and a wrong password", async () => {
      const account = await registerAccount(h());
      const wrong = await h().post("/api/users/login").send({ email: account.email, password: "wrong password" });
      const unknown = await h().post("/api/users/login").send({ email: uniqueEmail(), password: account.password });
      expectError(wrong, 401, "invalid_credentials");
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expectNoCookie(wrong);
      expectNoCookie(unknown);
    });

    it("answers 401 for a password longer than bcrypt reads, even when its first 72 bytes are right", async () => {
      const email = uniqueEmail();
      const password = h().secret(`${"p".repeat(62)}${Date.now()}`.slice(0, 72));
      expect((await h().post("/api/users/register").send({ email, password })).status).toBe(201);
      const response = await h().post("/api/users/login").send({ email, password: `${password}!` });
      expectError(response, 401, "invalid_credentials");
    });

    it.each([
      ["cut short by a NUL, where bcrypt stops reading", (password: string) => `${password}\u0000anything`],
      ["with unpaired surrogates, which bcrypt reads as U+FFFD", (password: string) => password.replaceAll("\ufffd", "\ud800")],
    ])("answers 401 for the right password %s", async (_case, twist) => {
      const email = uniqueEmail();
      const password = h().secret(`\ufffd\ufffd\ufffd\ufffd ${Date.now()}`);
      expect((await h().post("/api/users/register").send({ email, password })).status).toBe(201);
      expectError(await h().post("/api/users/login").send({ email, password: twist(password) }), 401, "invalid_credentials");
      expect((await h().post("/api/users/login").send({ email, password })).status).toBe(200);
    });

    it.each([
      ["an invalid email", { email: "nobody", password: "whatever" }],
      ["a query operator as password", { email: "a@example.org", password: { $ne: "" } }],
      ["a missing email", { password: "whatever" }],
    ])("refuses %s with 400 invalid_request", async (_case, body) => {
      expectError(await h().post("/api/users/login").send(body), 400, "invalid_request");
    });
  });

  describe("me", () => {
    it("answers the signed-in user's id, email, whether it is verified and creation time, and nothing else", async () => {
      const { email, token } = await registerAccount(h());
      const response = await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: { id: expect.any(String), email, emailVerified: false, createdAt: expect.any(String) } });
      expect(new Date(response.body.user.createdAt).toISOString()).toBe(response.body.user.createdAt);
      expectNoCookie(response);
    });

    it("answers 401 unauthorized without a cookie, and sets none", async () => {
      const response = await h().get("/api/users/me");
      expectError(response, 401, "unauthorized");
      expectNoCookie(response);
    });

    it.each([
      ["an unknown token", "A".repeat(43)],
      ["a malformed token", "not a token"],
    ])("answers 401 and clears the cookie for %s", async (_case, token) => {
      const response = await h().get("/api/users/me").set("Cookie", `other=1; ${cookieHeader(h().cookie, token)}`);
      expectError(response, 401, "unauthorized");
      expectClearingCookie(response, h().cookie);
    });

    it("answers 401 for an empty session cookie, which names no session: nothing to clear", async () => {
      const response = await h().get("/api/users/me").set("Cookie", `other=1; ${cookieHeader(h().cookie, "")}`);
      expectError(response, 401, "unauthorized");
      expectNoCookie(response);
    });

    it("ignores other cookies, and a cookie whose name only ends like the session's", async () => {
      const { token } = await registerAccount(h());
      const response = await h().get("/api/users/me").set("Cookie", `x${h().cookie.name}=bogus; theme=dark; ${cookieHeader(h().cookie, token)}`);
      expect(response.status).toBe(200);
    });
  });

  describe("logout", () => {
    it("answers 200 with the contract's texts, clears the cookie and expires the session for good", async () => {
      const { token } = await registerAccount(h());
      const cookie = cookieHeader(h().cookie, token);
      const response = await h().post("/api/users/logout").set("Cookie", cookie);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(LOGGED_OUT);
      expectClearingCookie(response, h().cookie);

      const after = await h().get("/api/users/me").set("Cookie", cookie);
      expectError(after, 401, "unauthorized");
      expectClearingCookie(after, h().cookie);
      expectError(await h().post("/api/users/logout").set("Cookie", cookie), 401, "unauthorized");
    });

    it("ends only the session that asked", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      await h().post("/api/users/logout").set("Cookie", cookieHeader(h().cookie, account.token));
      expect((await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, other))).status).toBe(200);
    });

    it("answers 401 unauthorized without a session", async () => {
      expectError(await h().post("/api/users/logout"), 401, "unauthorized");
    });

    it("ignores a body it does not need", async () => {
      const { token } = await registerAccount(h());
      const response = await h().post("/api/users/logout").set("Cookie", cookieHeader(h().cookie, token)).type("text/plain").send("bye");
      expect(response.status).toBe(200);
    });
  });
}
