import { afterEach, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectNoCookie, expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;

export function bearerSuite(h: () => Harness): void {
  describe("clients that are not browsers: the bearer transport", () => {
    afterEach(() => h().resetClock());
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const registerForToken = async () => {
      const email = uniqueEmail();
      const password = h().secret(`bearer ${email}`.slice(0, 60));
      const response = await h().post("/api/users/register").set("X-Session-Transport", "bearer").send({ email, password });
      return { response, email, password, token: response.body.token as string };
    };

    it("returns the new token in the body, and sets no cookie, when asked with X-Session-Transport: bearer", async () => {
      const { response, token } = await registerForToken();
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ title: "User Registration Successful", detail: "Successfully registered new user", token });
      expectNoCookie(response);
    });

    it("authenticates Authorization: Bearer exactly as the cookie, for every route", async () => {
      const { email, password, token } = await registerForToken();
      const me = await h().get("/api/users/me").set(bearer(token));
      expect(me.body.user.email).toBe(email);
      expect((await h().get("/api/users/me").set("Authorization", `bearer ${token}`)).status).toBe(200);
      expect((await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token))).status).toBe(200);

      const login = await h().post("/api/users/login").set("X-Session-Transport", "BEARER").send({ email, password });
      expect(login.status).toBe(200);
      expect(login.body.token).not.toBe(token);
      const listed = await h().get("/api/sessions").set(bearer(login.body.token));
      expect(listed.body.sessions).toHaveLength(2);
    });

    it("logs out a bearer session without setting any cookie", async () => {
      const { token } = await registerForToken();
      const response = await h().post("/api/users/logout").set(bearer(token));
      expect(response.status).toBe(200);
      expectNoCookie(response);
      expectError(await h().get("/api/users/me").set(bearer(token)), 401, "unauthorized");
    });

    it("answers an unknown bearer token with 401 and no clearing cookie, even beside a valid cookie", async () => {
      const { token } = await registerAccount(h());
      const response = await h().get("/api/users/me").set(bearer("A".repeat(43))).set("Cookie", cookieHeader(h().cookie, token));
      expectError(response, 401, "unauthorized");
      expectNoCookie(response);
    });

    it("ignores an Authorization header of another scheme", async () => {
      const { token } = await registerAccount(h());
      const response = await h().get("/api/users/me").set("Authorization", "Basic YWRhOnB3").set("Cookie", cookieHeader(h().cookie, token));
      expect(response.status).toBe(200);
    });

    it("renews a bearer session without a cookie", async () => {
      const { token } = await registerForToken();
      h().advance(8 * DAY);
      const response = await h().get("/api/users/me").set(bearer(token));
      expect(response.status).toBe(200);
      expectNoCookie(response);
      h().advance(10 * DAY);
      expect((await h().get("/api/users/me").set(bearer(token))).status).toBe(200);
    });

    it("returns the new token of a password change in the body", async () => {
      const { password, token } = await registerForToken();
      const response = await h()
        .post("/api/users/password")
        .set(bearer(token))
        .set("X-Session-Transport", "bearer")
        .send({ currentPassword: password, newPassword: h().secret(`${password} v2`) });
      expect(response.status).toBe(200);
      expect((await h().get("/api/users/me").set(bearer(response.body.token))).status).toBe(200);
    });

    it("returns the new token of a password change the way the credential came: in the body for a Bearer client, unasked", async () => {
      const { password, token } = await registerForToken();
      const response = await h()
        .post("/api/users/password")
        .set(bearer(token))
        .send({ currentPassword: password, newPassword: h().secret(`${password} v3`) });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ title: "Password Changed", detail: "Password updated; other sessions were signed out", token: expect.any(String) });
      expectNoCookie(response);
      expect((await h().get("/api/users/me").set(bearer(response.body.token))).status).toBe(200);
    });

    it("gives a bearer client its device token in X-Device-Token, never as a cookie", async () => {
      const { response } = await registerForToken();
      expect(response.headers["x-device-token"]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expectNoCookie(response);
    });

    it("answers X-Session-Transport: cookie with a cookie", async () => {
      const response = await h()
        .post("/api/users/register")
        .set("X-Session-Transport", "cookie")
        .send({ email: uniqueEmail(), password: "correct horse battery" });
      expectSessionCookie(response, h().cookie);
    });

    it("refuses a transport it does not know with 400 invalid_request", async () => {
      const response = await h()
        .post("/api/users/register")
        .set("X-Session-Transport", "carrier-pigeon")
        .send({ email: uniqueEmail(), password: "correct horse battery" });
      expectError(response, 400, "invalid_request");
      expect(response.body.errors[0].detail).toBe("X-Session-Transport must be cookie or bearer");
    });
  });
}
