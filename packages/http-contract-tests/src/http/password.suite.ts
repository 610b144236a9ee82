import { describe, expect, it } from "vitest";
import { loginAccount, registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectNoCookie, expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

const CHANGED = { title: "Password Changed", detail: "Password updated; other sessions were signed out" };

export function passwordSuite(h: () => Harness): void {
  describe("POST /api/users/password", () => {
    const change = (token: string, body: object) =>
      h().post("/api/users/password").set("Cookie", cookieHeader(h().cookie, token)).send(body);
    const me = (token: string) => h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));

    it("changes the password, revokes every session including the asking one, and starts a new one", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const newPassword = h().secret(`new ${account.password}`.slice(0, 60));
      const response = await change(account.token, { currentPassword: account.password, newPassword });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(CHANGED);
      const token = expectSessionCookie(response, h().cookie);

      expect((await me(account.token)).status).toBe(401);
      expect((await me(other)).status).toBe(401);
      expect((await me(token)).status).toBe(200);
      expectError(await h().post("/api/users/login").send({ email: account.email, password: account.password }), 401, "invalid_credentials");
      await loginAccount(h(), { email: account.email, password: newPassword });
    });

    it("answers a wrong current password with 403 invalid_credentials and changes nothing", async () => {
      const account = await registerAccount(h());
      const response = await change(account.token, { currentPassword: "not my password", newPassword: "brand new password" });
      expectError(response, 403, "invalid_credentials");
      expectNoCookie(response);
      expect((await me(account.token)).status).toBe(200);
      await loginAccount(h(), account);
    });

    it.each([
      ["too short", { newPassword: "short" }, "invalid_request", "newPassword must be at least 8 characters"],
      ["too long", { newPassword: "é".repeat(37) }, "invalid_request", "newPassword must be at most 72 bytes"],
      ["missing", {}, "invalid_request", "newPassword is required"],
      ["not a string", { newPassword: ["x"] }, "invalid_request", "newPassword must be a string"],
      ["a common one", { newPassword: "Sunshine1" }, "password_too_common", "commonly used"],
    ])("refuses a new password that is %s with 400 %s", async (_case, change_, code, detail) => {
      const account = await registerAccount(h());
      const response = await change(account.token, { currentPassword: account.password, ...change_ });
      expectError(response, 400, code);
      expect(response.body.errors[0].detail).toContain(detail);
      expect((await me(account.token)).status).toBe(200);
    });

    it("answers 401 without a session, before looking at the fields", async () => {
      expectError(await h().post("/api/users/password").send({ newPassword: 5 }), 401, "unauthorized");
    });
  });

  describe("common passwords", () => {
    it.each(["password1", "Iloveyou!", "QWERTYUIOP", "baseball1"])("refuses %s at register with 400 password_too_common", async (password) => {
      const response = await h().post("/api/users/register").send({ email: `common-${Date.now()}@example.org`, password });
      expectError(response, 400, "password_too_common");
    });
  });
}
