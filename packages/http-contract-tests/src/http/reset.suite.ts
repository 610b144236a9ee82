import { afterEach, describe, expect, it } from "vitest";
import { loginAccount, registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectNoCookie, expectSessionCookie, setCookies } from "./cookies.js";
import type { Harness } from "./harness.js";
import { mailSettled, mailTo, nextMail, SUBJECTS } from "./mail.js";
import {
  bearerLogin,
  HOUR_MS,
  login,
  me,
  meBearer,
  newPassword,
  registrationLink,
  reset,
  RESET,
  resetLink,
  verify,
  VERIFIED,
} from "./recovery-flows.js";

export function resetPasswordSuite(h: () => Harness): void {
  describe("POST /api/users/password/reset", () => {
    afterEach(() => h().resetClock());

    it("sets the new password and ends every session of the user, cookie and bearer alike, starting none", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const bearer = await bearerLogin(h(), account);
      const { token } = await resetLink(h(), account.email);
      const password = newPassword(h(), "reset");

      const response = await reset(h(), token, password);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(RESET);
      expectNoCookie(response);

      for (const session of [account.token, other]) expectError(await me(h(), session), 401, "unauthorized");
      expectError(await meBearer(h(), bearer), 401, "unauthorized");
      expectError(await login(h(), account.email, account.password), 401, "invalid_credentials");
      const fresh = await loginAccount(h(), { email: account.email, password });
      expect((await me(h(), fresh)).status).toBe(200);
    });

    it("gives no token to a client that asks for the bearer transport: no session starts", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      const response = await reset(h(), token, newPassword(h(), "bearer reset")).set("X-Session-Transport", "bearer");
      expect(response.status).toBe(200);
      expect(response.body).toEqual(RESET);
      expectNoCookie(response);
    });

    it("sends the notice \"Your password was reset\" to the account's address, with no link in it", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      expect((await reset(h(), token, newPassword(h(), "notice"))).status).toBe(200);
      const notice = await nextMail(h(), account.email, SUBJECTS.resetDone);
      expect(notice.text).not.toContain("#reset=");
      expect(notice.text).not.toContain("#verify=");
    });

    it("counts the address as verified afterwards: the link proved the mailbox", async () => {
      const account = await registerAccount(h());
      expect((await me(h(), account.token)).body.user.emailVerified).toBe(false);
      const { token } = await resetLink(h(), account.email);
      const password = newPassword(h(), "verified");
      expect((await reset(h(), token, password)).status).toBe(200);
      const session = await loginAccount(h(), { email: account.email, password });
      expect((await me(h(), session)).body.user).toEqual(expect.objectContaining({ email: account.email, emailVerified: true }));
    });

    it("takes a token once: a second use is 400 invalid_token and changes nothing", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      const password = newPassword(h(), "first");
      expect((await reset(h(), token, password)).status).toBe(200);
      expectError(await reset(h(), token, newPassword(h(), "second")), 400, "invalid_token");
      await loginAccount(h(), { email: account.email, password });
    });

    it("voids a link when a newer one is asked for", async () => {
      const account = await registerAccount(h());
      const older = await resetLink(h(), account.email);
      const newer = await resetLink(h(), account.email, [older.mail]);
      expect(newer.token).not.toBe(older.token);
      expectError(await reset(h(), older.token, newPassword(h(), "older")), 400, "invalid_token");
      await loginAccount(h(), account);
      expect((await reset(h(), newer.token, newPassword(h(), "newer"))).status).toBe(200);
    });

    it("takes a link for an hour, and not from the hour on", async () => {
      const early = await registerAccount(h());
      const late = await registerAccount(h());
      const { token: earlyToken } = await resetLink(h(), early.email);
      const { token: lateToken } = await resetLink(h(), late.email);
      h().advance(HOUR_MS - 1000);
      expect((await reset(h(), earlyToken, newPassword(h(), "in time"))).status).toBe(200);
      h().advance(1000);
      expectError(await reset(h(), lateToken, newPassword(h(), "too late")), 400, "invalid_token");
      await loginAccount(h(), late);
    });

    it.each([
      ["empty", ""],
      ["too short", "abc"],
      ["well-formed but unknown", "A".repeat(43)],
      ["not base64url", `${"A".repeat(42)}!`],
      ["very long", "A".repeat(4000)],
      ["with a link's fragment around it", `#reset=${"A".repeat(43)}`],
    ])("answers a token that is %s with 400 invalid_token", async (_case, token) => {
      expectError(await reset(h(), token, "a perfectly fine password"), 400, "invalid_token");
    });

    it.each([
      ["missing", { newPassword: "a perfectly fine password" }, "token is required"],
      ["a number", { token: 5, newPassword: "a perfectly fine password" }, "token must be a string"],
      ["null", { token: null, newPassword: "a perfectly fine password" }, "token must be a string"],
      ["an array", { token: ["x"], newPassword: "a perfectly fine password" }, "token must be a string"],
      ["an operator object", { token: { $ne: null }, newPassword: "a perfectly fine password" }, "token must be a string"],
    ])("refuses a token that is %s with 400 invalid_request", async (_case, body, detail) => {
      const response = await h().post("/api/users/password/reset").send(body);
      expectError(response, 400, "invalid_request");
      expect(response.body.errors.map((error: { detail: string }) => error.detail)).toContain(detail);
    });

    it.each([
      ["too short", "short", "invalid_request"],
      ["too long", "é".repeat(37), "invalid_request"],
      ["missing", undefined, "invalid_request"],
      ["not a string", ["a perfectly fine password"], "invalid_request"],
      ["a common one", "password1", "password_too_common"],
    ])("refuses a new password that is %s with 400 %s, and the link still works", async (_case, password, code) => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      expectError(await reset(h(), token, password), 400, code);
      await loginAccount(h(), account);
      expect((await reset(h(), token, newPassword(h(), "after a refusal"))).status).toBe(200);
    });

    it("voids a link asked for before the password was changed", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      const changedTo = newPassword(h(), "changed");
      const change = await h()
        .post("/api/users/password")
        .set("Cookie", cookieHeader(h().cookie, account.token))
        .send({ currentPassword: account.password, newPassword: changedTo });
      expect(change.status).toBe(200);
      expectError(await reset(h(), token, newPassword(h(), "stale link")), 400, "invalid_token");
      await loginAccount(h(), { email: account.email, password: changedTo });
    });

    it("takes no verification link, and leaves it working for its own route", async () => {
      const account = await registerAccount(h());
      const token = await registrationLink(h(), account.email);
      expectError(await reset(h(), token, newPassword(h(), "wrong kind")), 400, "invalid_token");
      await loginAccount(h(), account);
      const verified = await verify(h(), token);
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual(VERIFIED);
    });

    it("lifts a lockout of the account: its failed logins are forgotten", async () => {
      const account = await registerAccount(h());
      for (let i = 0; i < 5; i++) expectError(await login(h(), account.email, "wrong password"), 401, "invalid_credentials");
      expectError(await login(h(), account.email, account.password), 429, "too_many_attempts");
      const { token } = await resetLink(h(), account.email);
      const password = newPassword(h(), "unlocked");
      expect((await reset(h(), token, password)).status).toBe(200);
      const response = await login(h(), account.email, password);
      expect(response.status).toBe(200);
      expectSessionCookie(response, h().cookie);
    });

    it("sends no notice for a refused reset", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      expectError(await reset(h(), token, "password1"), 400, "password_too_common");
      expectError(await reset(h(), "A".repeat(43), newPassword(h(), "unknown")), 400, "invalid_token");
      await mailSettled(h());
      expect(await mailTo(h(), account.email, SUBJECTS.resetDone)).toEqual([]);
      expect(setCookies(await reset(h(), token, newPassword(h(), "accepted")))).toEqual([]);
      await nextMail(h(), account.email, SUBJECTS.resetDone);
    });
  });
}
