import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loginAccount, registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { deviceCookieIn, expectClearingCookie, expectNoCookie, expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";
import { linkToken, mailSettled, nextMail, outbox, SUBJECTS } from "./mail.js";
import { bearerLogin, changeEmail, deleteAccount, login, me, meBearer, registrationLink, resend, reset, resetLink, verify } from "./recovery-flows.js";

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

export function deleteAccountSuite(h: () => Harness): void {
  describe("DELETE /api/users/me", () => {
    it("answers 204 with no body and a clearing cookie; every session ends, the login fails, the email is free again", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const bearer = await bearerLogin(h(), account);

      const response = await deleteAccount(h(), account.token, { currentPassword: account.password });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectClearingCookie(response, h().cookie);

      for (const session of [account.token, other]) expectError(await me(h(), session), 401, "unauthorized");
      expectError(await meBearer(h(), bearer), 401, "unauthorized");
      expectError(await login(h(), account.email, account.password), 401, "invalid_credentials");
      const again = await h().post("/api/users/register").send({ email: account.email, password: account.password });
      expect(again.status).toBe(201);
      const fresh = expectSessionCookie(again, h().cookie);
      expect((await me(h(), fresh)).body.user).toEqual(expect.objectContaining({ email: account.email, emailVerified: false }));
    });

    it("answers a bearer client 204 and sets no cookie", async () => {
      const account = await registerAccount(h());
      const bearer = await bearerLogin(h(), account);
      const response = await h().delete("/api/users/me").set("Authorization", `Bearer ${bearer}`).send({ currentPassword: account.password });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectNoCookie(response);
      expectError(await me(h(), account.token), 401, "unauthorized");
    });

    it("voids the account's mail links: a reset or verification link sent before is invalid_token", async () => {
      const account = await registerAccount(h());
      const verification = await registrationLink(h(), account.email);
      const { token } = await resetLink(h(), account.email);
      expect((await deleteAccount(h(), account.token, { currentPassword: account.password })).status).toBe(204);
      expectError(await reset(h(), token, h().secret("a reset after deletion")), 400, "invalid_token");
      expectError(await verify(h(), verification), 400, "invalid_token");
    });

    it("leaves nothing of the account in the store: user, sessions, device, mail links, throttle counts, mail", async () => {
      const email = `delete-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
      const password = h().secret(`delete me ${email}`.slice(0, 60));
      const registered = await h().post("/api/users/register").send({ email, password });
      const token = expectSessionCookie(registered, h().cookie);
      const device = deviceCookieIn(registered, h().cookie) as string;
      const { id } = (await me(h(), token)).body.user as { id: string };
      const { token: resetToken } = await resetLink(h(), email);
      const other = await loginAccount(h(), { email, password });
      // Something in every throttle of the account: failed logins, reset and verification letters.
      expect((await resend(h(), token)).status).toBe(202);
      expectError(await login(h(), email, "a wrong password"), 401, "invalid_credentials");
      await mailSettled(h());
      const now = h().now();
      const throttles = [`account:${email}`, `reset-mail:${id}`, `verify-mail:${id}`];
      for (const key of throttles) expect(await h().store.attempts.held(key, now), key).not.toEqual([]);
      expect((await outbox(h())).filter((mail) => mail.to === email)).not.toEqual([]);

      expect((await deleteAccount(h(), other, { currentPassword: password })).status).toBe(204);

      const { store } = h();
      expect(await store.users.findById(id)).toBeNull();
      expect(await store.users.findByEmail(email)).toBeNull();
      for (const session of [token, other]) expect(await store.sessions.findByTokenDigest(digest(session))).toBeNull();
      expect(await store.sessions.listValid(id, now)).toEqual([]);
      expect(await store.devices.find(digest(device))).toBeNull();
      expect(await store.accountTokens.take(digest(resetToken), ["reset", "verify", "email_change"])).toBeNull();
      for (const key of throttles) expect(await store.attempts.held(key, now), key).toEqual([]);
      expect((await store.outbox.kept(10_000)).filter(({ message, intent }) => message?.to === email || JSON.stringify(intent).includes(id))).toEqual([]);
      expect((await outbox(h())).filter((mail) => mail.to === email)).toEqual([]);
    });

    it("leaves no mail of an address the account had before an email change either", async () => {
      const account = await registerAccount(h());
      // Mail under its first address: the verification link, a reset link and its notice, the email change's notices.
      const { token } = await resetLink(h(), account.email);
      const password = h().secret(`after the reset ${account.email}`.slice(0, 60));
      expect((await reset(h(), token, password)).status).toBe(200);
      const session = await loginAccount(h(), { email: account.email, password });
      const newEmail = uniqueEmail();
      expect((await changeEmail(h(), session, { newEmail, currentPassword: password })).status).toBe(202);
      const confirm = linkToken(h(), await nextMail(h(), newEmail, SUBJECTS.confirmChange), "verify");
      expect((await verify(h(), confirm)).status).toBe(200);
      await nextMail(h(), account.email, SUBJECTS.changed);

      expect((await deleteAccount(h(), session, { currentPassword: password })).status).toBe(204);
      await mailSettled(h());
      const kept = await h().store.outbox.kept(10_000);
      expect(kept.filter(({ message }) => message?.to === account.email).map(({ message }) => message?.subject), "mail to the former address").toEqual([]);
      expect((await outbox(h())).filter((mail) => [account.email, newEmail].includes(mail.to))).toEqual([]);
    });

    it("answers a wrong password with 403 invalid_credentials and deletes nothing", async () => {
      const account = await registerAccount(h());
      const response = await deleteAccount(h(), account.token, { currentPassword: "not my password" });
      expectError(response, 403, "invalid_credentials");
      expectNoCookie(response);
      expect((await me(h(), account.token)).status).toBe(200);
      await loginAccount(h(), account);
    });

    it("counts wrong passwords like failed logins: after 5, even the right one is 429", async () => {
      const account = await registerAccount(h());
      for (let i = 0; i < 5; i++) expectError(await deleteAccount(h(), account.token, { currentPassword: `guess ${i}` }), 403, "invalid_credentials");
      const throttled = await deleteAccount(h(), account.token, { currentPassword: account.password });
      expectError(throttled, 429, "too_many_attempts");
      expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
      expect((await me(h(), account.token)).status).toBe(200);
    });

    it.each([
      ["an empty object", {}],
      ["a password that is not a string", { currentPassword: 12345678 }],
      ["a null password", { currentPassword: null }],
    ])("refuses %s with 400 invalid_request", async (_case, body) => {
      const account = await registerAccount(h());
      expectError(await deleteAccount(h(), account.token, body), 400, "invalid_request");
      expect((await me(h(), account.token)).status).toBe(200);
    });

    it("answers 401 without a session, before looking at the fields", async () => {
      expectError(await h().delete("/api/users/me").send({ currentPassword: "whatever it is" }), 401, "unauthorized");
      expectError(await h().delete("/api/users/me").send({}), 401, "unauthorized");
    });
  });
}
