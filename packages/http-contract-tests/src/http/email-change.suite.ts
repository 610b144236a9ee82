import { describe, expect, it } from "vitest";
import { loginAccount, registerAccount, uniqueEmail, type Account } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectNoCookie } from "./cookies.js";
import type { Harness } from "./harness.js";
import { linkToken, mailSettled, mailTo, nextMail, outbox, SUBJECTS } from "./mail.js";
import {
  bearerLogin,
  CHANGE_REQUESTED,
  CHANGED,
  changeEmail,
  login,
  me,
  meBearer,
  newPassword,
  registrationLink,
  verify,
} from "./recovery-flows.js";

export function emailChangeSuite(h: () => Harness): void {
  describe("POST /api/users/email", () => {
    /** Asks to move `account` to a new address and answers the confirmation link's token. */
    const requestChange = async (account: Account, newEmail = uniqueEmail()) => {
      const response = await changeEmail(h(), account.token, { newEmail, currentPassword: account.password });
      expect(response.status).toBe(202);
      const token = linkToken(h(), await nextMail(h(), newEmail, SUBJECTS.confirmChange), "verify");
      return { newEmail, token };
    };

    it("answers 202, sends a confirmation link to the new address and a notice to the old, and changes nothing yet", async () => {
      const account = await registerAccount(h());
      const newEmail = uniqueEmail();
      const response = await changeEmail(h(), account.token, { newEmail, currentPassword: account.password });
      expect(response.status).toBe(202);
      expect(response.body).toEqual(CHANGE_REQUESTED);
      expectNoCookie(response);

      const confirmation = await nextMail(h(), newEmail, SUBJECTS.confirmChange);
      expect(confirmation.text).toContain(`${h().publicUrl}/#verify=`);
      const notice = await nextMail(h(), account.email, SUBJECTS.changeRequested);
      expect(notice.text).toContain(newEmail);
      expect(notice.text).not.toContain("#verify=");

      expect((await me(h(), account.token)).body.user.email).toBe(account.email);
      await loginAccount(h(), account);
      expectError(await login(h(), newEmail, account.password), 401, "invalid_credentials");
    });

    it("moves the account when the link is used: every session reads the new address, verified; it signs in, the old one does not", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const bearer = await bearerLogin(h(), account);
      const { newEmail, token } = await requestChange(account);

      const response = await verify(h(), token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(CHANGED);
      expectNoCookie(response);

      for (const session of [account.token, other]) {
        expect((await me(h(), session)).body.user).toEqual(expect.objectContaining({ email: newEmail, emailVerified: true }));
      }
      expect((await meBearer(h(), bearer)).body.user).toEqual(expect.objectContaining({ email: newEmail, emailVerified: true }));
      await loginAccount(h(), { email: newEmail, password: account.password });
      expectError(await login(h(), account.email, account.password), 401, "invalid_credentials");
    });

    it("sends the notice \"Your email address was changed\" to the old address once it is confirmed", async () => {
      const account = await registerAccount(h());
      const { newEmail, token } = await requestChange(account);
      await mailSettled(h());
      expect(await mailTo(h(), account.email, SUBJECTS.changed)).toEqual([]);
      expect((await verify(h(), token)).status).toBe(200);
      const notice = await nextMail(h(), account.email, SUBJECTS.changed);
      expect(notice.text).toContain(newEmail);
    });

    it("takes the link once", async () => {
      const account = await registerAccount(h());
      const { token } = await requestChange(account);
      expect((await verify(h(), token)).status).toBe(200);
      expectError(await verify(h(), token), 400, "invalid_token");
    });

    it("answers 409 email_taken when the new address got an account after the request, and keeps the old one", async () => {
      const account = await registerAccount(h());
      const { newEmail, token } = await requestChange(account);
      await registerAccount(h(), newEmail);
      expectError(await verify(h(), token), 409, "email_taken");
      expect((await me(h(), account.token)).body.user.email).toBe(account.email);
      await loginAccount(h(), account);
    });

    it("answers 202 for an address that has an account, but sends no link there: only the notice to the old address", async () => {
      const account = await registerAccount(h());
      const owner = await registerAccount(h());
      const response = await changeEmail(h(), account.token, { newEmail: owner.email, currentPassword: account.password });
      expect(response.status).toBe(202);
      expect(response.body).toEqual(CHANGE_REQUESTED);
      await nextMail(h(), account.email, SUBJECTS.changeRequested);
      await mailSettled(h());
      expect((await outbox(h())).filter((mail) => mail.to === owner.email && mail.subject !== SUBJECTS.verify)).toEqual([]);
    });

    it("voids a link when a newer change is asked for", async () => {
      const account = await registerAccount(h());
      const first = await requestChange(account);
      const second = await requestChange(account);
      expectError(await verify(h(), first.token), 400, "invalid_token");
      expect((await verify(h(), second.token)).status).toBe(200);
      expect((await me(h(), account.token)).body.user.email).toBe(second.newEmail);
    });

    it("voids a link asked for before the password was changed", async () => {
      const account = await registerAccount(h());
      const { token } = await requestChange(account);
      const change = await h()
        .post("/api/users/password")
        .set("Cookie", cookieHeader(h().cookie, account.token))
        .send({ currentPassword: account.password, newPassword: newPassword(h(), "after the change request") });
      expect(change.status).toBe(200);
      expectError(await verify(h(), token), 400, "invalid_token");
    });

    it("leaves a verification link of the old address void once the account has moved", async () => {
      const account = await registerAccount(h());
      const verification = await registrationLink(h(), account.email);
      const { newEmail, token } = await requestChange(account);
      expect((await verify(h(), token)).status).toBe(200);
      expectError(await verify(h(), verification), 400, "invalid_token");
      expect((await me(h(), account.token)).body.user).toEqual(expect.objectContaining({ email: newEmail, emailVerified: true }));
    });

    it("answers a wrong current password with 403 invalid_credentials, sends nothing, and counts it like a failed login", async () => {
      const account = await registerAccount(h());
      const newEmail = uniqueEmail();
      for (let i = 0; i < 5; i++) {
        const refused = await changeEmail(h(), account.token, { newEmail, currentPassword: `guess ${i}` });
        expectError(refused, 403, "invalid_credentials");
        expectNoCookie(refused);
      }
      const throttled = await changeEmail(h(), account.token, { newEmail, currentPassword: account.password });
      expectError(throttled, 429, "too_many_attempts");
      expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
      expectError(await login(h(), account.email, account.password), 429, "too_many_attempts");
      await mailSettled(h());
      expect(await mailTo(h(), newEmail, SUBJECTS.confirmChange)).toEqual([]);
      expect(await mailTo(h(), account.email, SUBJECTS.changeRequested)).toEqual([]);
    });

    it("refuses the account's own address, however it is written, with 400 invalid_request", async () => {
      const account = await registerAccount(h());
      for (const newEmail of [account.email, ` ${account.email.toUpperCase()} `]) {
        expectError(await changeEmail(h(), account.token, { newEmail, currentPassword: account.password }), 400, "invalid_request");
      }
    });

    it.each([
      ["missing", { currentPassword: "x" }],
      ["not an address", { newEmail: "nope", currentPassword: "x" }],
      ["a number", { newEmail: 7, currentPassword: "x" }],
      ["an operator object", { newEmail: { $gt: "" }, currentPassword: "x" }],
      ["without the current password", { newEmail: "someone@example.org" }],
      ["with a current password that is not a string", { newEmail: "someone@example.org", currentPassword: 12345678 }],
    ])("refuses a body %s with 400 invalid_request", async (_case, body) => {
      const account = await registerAccount(h());
      const response = await changeEmail(h(), account.token, body);
      expectError(response, 400, "invalid_request");
      expect((await me(h(), account.token)).body.user.email).toBe(account.email);
    });

    it("answers 401 without a session, before looking at the fields", async () => {
      expectError(await h().post("/api/users/email").send({ newEmail: uniqueEmail(), currentPassword: "x" }), 401, "unauthorized");
      expectError(await h().post("/api/users/email").send({ newEmail: 5 }), 401, "unauthorized");
    });
  });
}
