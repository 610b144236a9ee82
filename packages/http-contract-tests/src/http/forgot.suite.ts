import type { Response } from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { expectNoCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { linkToken, mailSettled, mailTo, nextMail, outbox, SUBJECTS, waitForMails } from "./mail.js";
import { FORGOT, forgot, HOUR_MS } from "./recovery-flows.js";

/** What may differ between two answers that are otherwise the same: the time, and the request's id. */
function comparable(response: Response) {
  const { date: _date, "x-request-id": _id, ...headers } = response.headers as Record<string, unknown>;
  return { status: response.status, headers, text: response.text };
}

export function forgotPasswordSuite(h: () => Harness, factory: HttpFactory): void {
  describe("POST /api/users/password/forgot", () => {
    afterEach(() => h().resetClock());

    it("answers 202 with the contract's texts, byte for byte alike for a known and an unknown address", async () => {
      const { email } = await registerAccount(h());
      const known = await forgot(h(), email);
      const unknown = await forgot(h(), uniqueEmail());
      expect(known.status).toBe(202);
      expect(known.body).toEqual(FORGOT);
      expectNoCookie(known);
      expect(comparable(unknown)).toEqual(comparable(known));
    });

    it("sends a reset link to a known address, trimmed and lower-cased, and nothing to an unknown one", async () => {
      const { email } = await registerAccount(h());
      expect((await forgot(h(), `  ${email.toUpperCase()} `)).status).toBe(202);
      const mail = await nextMail(h(), email, SUBJECTS.reset);
      expect(linkToken(h(), mail, "reset")).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(mail.text).toContain(`${h().publicUrl}/#reset=`);

      const nobody = uniqueEmail();
      expect((await forgot(h(), nobody)).status).toBe(202);
      await mailSettled(h());
      expect((await outbox(h())).filter((mail) => mail.to === nobody)).toEqual([]);
    });

    it.each([
      ["missing", {}, "email is required"],
      ["not an address", { email: "not an address" }, "email must be a valid email address"],
      ["a number", { email: 5 }, "email must be a string"],
      ["null", { email: null }, "email must be a string"],
      ["an array", { email: ["someone@example.org"] }, "email must be a string"],
      ["an operator object", { email: { $gt: "" } }, "email must be a string"],
      ["too long", { email: `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.org` }, "email must be at most 254 characters"],
    ])("refuses an email that is %s with 400 invalid_request", async (_case, body, detail) => {
      const response = await h().post("/api/users/password/forgot").send(body);
      expectError(response, 400, "invalid_request");
      expect(response.body.errors[0].detail).toBe(detail);
    });

    it("refuses a body that is not an object with 400 invalid_request", async () => {
      expectError(await h().post("/api/users/password/forgot").send(["someone@example.org"]), 400, "invalid_request");
    });

    it("sends at most 3 reset links an hour per account; past that the answer stays the same 202", async () => {
      const { email } = await registerAccount(h());
      const first = await forgot(h(), email);
      for (let i = 1; i < 3; i++) expect(comparable(await forgot(h(), email))).toEqual(comparable(first));
      await waitForMails(h(), email, SUBJECTS.reset, 3);
      for (let i = 0; i < 2; i++) {
        const more = await forgot(h(), email);
        expect(comparable(more)).toEqual(comparable(first));
      }
      await mailSettled(h());
      expect(await mailTo(h(), email, SUBJECTS.reset)).toHaveLength(3);

      // An hour after the first three, the account gets links again.
      h().advance(HOUR_MS);
      expect((await forgot(h(), email)).status).toBe(202);
      await waitForMails(h(), email, SUBJECTS.reset, 4);
    });
  });

  describe("POST /api/users/password/forgot per client address (limit 3, behind one trusted proxy)", () => {
    let limited: Harness;
    beforeAll(async () => {
      limited = await Harness.start(factory, {
        env: { TRUST_PROXY_HOPS: "1", FORGOT_PASSWORD_MAX_PER_ADDRESS: "3", FORGOT_PASSWORD_WINDOW_SECONDS: "600" },
      });
    });
    afterAll(() => limited?.stop());
    const from = (address: string, email: unknown) => limited.post("/api/users/password/forgot").set("X-Forwarded-For", address).send({ email });

    it("answers 429 too_many_attempts with Retry-After past the limit, for any address asked about, from that client only", async () => {
      const { email } = await registerAccount(limited);
      for (let i = 0; i < 3; i++) expect((await from("203.0.113.60", uniqueEmail())).status).toBe(202);
      const refused = await from("203.0.113.60", email);
      expectError(refused, 429, "too_many_attempts");
      expectNoCookie(refused);
      expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(600);
      expectError(await from("203.0.113.60", uniqueEmail()), 429, "too_many_attempts");
      expect((await from("203.0.113.61", email)).body).toEqual(FORGOT);
    });

    it("checks the fields before the limit: a bad email is 400 even from a throttled client", async () => {
      for (let i = 0; i < 3; i++) await from("203.0.113.62", uniqueEmail());
      expectError(await from("203.0.113.62", uniqueEmail()), 429, "too_many_attempts");
      expectError(await from("203.0.113.62", "not an address"), 400, "invalid_request");
    });

    it("lets the client ask again once the window has passed", async () => {
      for (let i = 0; i < 3; i++) await from("203.0.113.63", uniqueEmail());
      expectError(await from("203.0.113.63", uniqueEmail()), 429, "too_many_attempts");
      limited.advance(600_000);
      try {
        expect((await from("203.0.113.63", uniqueEmail())).status).toBe(202);
      } finally {
        limited.resetClock();
      }
    });
  });
}
