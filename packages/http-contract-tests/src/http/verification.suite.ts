import { afterEach, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie, expectNoCookie } from "./cookies.js";
import type { Harness } from "./harness.js";
import { linkToken, mailSettled, mailTo, nextMail, SUBJECTS, waitForMails } from "./mail.js";
import { bearerLogin, HOUR_MS, me, registrationLink, resend, reset, resetLink, verify, VERIFICATION_SENT, VERIFIED } from "./recovery-flows.js";

export function verificationSuite(h: () => Harness): void {
  describe("POST /api/users/email/verify, with a verification link", () => {
    afterEach(() => h().resetClock());

    it("registering sends a verification link; the address reads unverified until it is used", async () => {
      const account = await registerAccount(h());
      const mail = await nextMail(h(), account.email, SUBJECTS.verify);
      const token = linkToken(h(), mail, "verify");
      expect((await me(h(), account.token)).body.user.emailVerified).toBe(false);

      const response = await verify(h(), token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(VERIFIED);
      expectNoCookie(response);
      // The session that was open lives on, and reads the address as verified at once.
      const after = await me(h(), account.token);
      expect(after.status).toBe(200);
      expect(after.body.user).toEqual(expect.objectContaining({ email: account.email, emailVerified: true }));
    });

    it("takes a link once: a second use is 400 invalid_token", async () => {
      const account = await registerAccount(h());
      const token = await registrationLink(h(), account.email);
      expect((await verify(h(), token)).status).toBe(200);
      expectError(await verify(h(), token), 400, "invalid_token");
      expect((await me(h(), account.token)).body.user.emailVerified).toBe(true);
    });

    it("takes a link for 24 hours, and not from then on", async () => {
      const early = await registerAccount(h());
      const late = await registerAccount(h());
      const earlyToken = await registrationLink(h(), early.email);
      const lateToken = await registrationLink(h(), late.email);
      h().advance(24 * HOUR_MS - 1000);
      expect((await verify(h(), earlyToken)).status).toBe(200);
      h().advance(1000);
      expectError(await verify(h(), lateToken), 400, "invalid_token");
    });

    it.each([
      ["empty", ""],
      ["well-formed but unknown", "B".repeat(43)],
      ["not base64url", "not a token at all"],
    ])("answers a token that is %s with 400 invalid_token", async (_case, token) => {
      expectError(await verify(h(), token), 400, "invalid_token");
    });

    it.each([
      ["missing", {}, "token is required"],
      ["a number", { token: 42 }, "token must be a string"],
      ["an array", { token: ["x"] }, "token must be a string"],
      ["an object", { token: { $gt: "" } }, "token must be a string"],
    ])("refuses a token that is %s with 400 invalid_request", async (_case, body, detail) => {
      const response = await h().post("/api/users/email/verify").send(body);
      expectError(response, 400, "invalid_request");
      expect(response.body.errors[0].detail).toBe(detail);
    });

    it("takes no reset link, and leaves it working for the reset", async () => {
      const account = await registerAccount(h());
      const { token } = await resetLink(h(), account.email);
      expectError(await verify(h(), token), 400, "invalid_token");
      expect((await reset(h(), token, h().secret("reset after a wrong route"))).status).toBe(200);
    });
  });

  describe("POST /api/users/email/verification", () => {
    afterEach(() => h().resetClock());

    it("answers 401 without a session, and clears a dead cookie", async () => {
      expectError(await h().post("/api/users/email/verification"), 401, "unauthorized");
      const dead = await h().post("/api/users/email/verification").set("Cookie", cookieHeader(h().cookie, "C".repeat(43)));
      expectError(dead, 401, "unauthorized");
      expectClearingCookie(dead, h().cookie);
    });

    it("answers 202 and sends a new link each time, up to 3 an hour, then 429 with Retry-After", async () => {
      const account = await registerAccount(h());
      await nextMail(h(), account.email, SUBJECTS.verify);
      for (let sent = 2; sent <= 4; sent++) {
        const response = await resend(h(), account.token);
        expect(response.status).toBe(202);
        expect(response.body).toEqual(VERIFICATION_SENT);
        expectNoCookie(response);
        await waitForMails(h(), account.email, SUBJECTS.verify, sent);
      }
      const refused = await resend(h(), account.token);
      expectError(refused, 429, "too_many_attempts");
      expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(3600);
      await mailSettled(h());
      expect(await mailTo(h(), account.email, SUBJECTS.verify)).toHaveLength(4);

      h().advance(HOUR_MS);
      expect((await resend(h(), account.token)).status).toBe(202);
      await waitForMails(h(), account.email, SUBJECTS.verify, 5);
    });

    it("voids the older link when a newer one is sent", async () => {
      const account = await registerAccount(h());
      const first = await nextMail(h(), account.email, SUBJECTS.verify);
      expect((await resend(h(), account.token)).status).toBe(202);
      const second = await nextMail(h(), account.email, SUBJECTS.verify, [first]);
      expectError(await verify(h(), linkToken(h(), first, "verify")), 400, "invalid_token");
      expect((await me(h(), account.token)).body.user.emailVerified).toBe(false);
      expect((await verify(h(), linkToken(h(), second, "verify"))).status).toBe(200);
    });

    it("answers 202 to a verified address and sends nothing, however often asked", async () => {
      const account = await registerAccount(h());
      expect((await verify(h(), await registrationLink(h(), account.email))).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        const response = await resend(h(), account.token);
        expect(response.status).toBe(202);
        expect(response.body).toEqual(VERIFICATION_SENT);
      }
      await mailSettled(h());
      expect(await mailTo(h(), account.email, SUBJECTS.verify)).toHaveLength(1);
    });

    it("serves a bearer client alike", async () => {
      const account = await registerAccount(h());
      const bearer = await bearerLogin(h(), account);
      const response = await h().post("/api/users/email/verification").set("Authorization", `Bearer ${bearer}`);
      expect(response.status).toBe(202);
      expect(response.body).toEqual(VERIFICATION_SENT);
      expectNoCookie(response);
      await waitForMails(h(), account.email, SUBJECTS.verify, 2);
    });
  });
}
