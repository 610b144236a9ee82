import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";

/** Production settings behind a TLS-terminating proxy: the app itself speaks plain HTTP. */
export function productionSuite(factory: HttpFactory): void {
  describe("in production, behind a TLS proxy", () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await Harness.start(factory, {
        env: {
          NODE_ENV: "production",
          BCRYPT_COST: "10",
          TRUST_PROXY_HOPS: "1",
          PUBLIC_URL: "https://auth.example.org",
          // Nothing listens there: mail waits in the outbox, and no answer changes for it.
          MAIL_URL: "smtp://127.0.0.1:9",
        },
      });
    });
    afterAll(() => harness?.stop());
    const viaProxy = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "auth.example.org", "X-Forwarded-For": "203.0.113.5" };

    it("writes a Secure __Host-token cookie over the proxy's plain HTTP, and clears it alike", async () => {
      const { token } = await registerAccount(harness);
      const cookie = cookieHeader(harness.cookie, token);
      expect((await harness.get("/api/users/me").set(viaProxy).set("Cookie", cookie)).status).toBe(200);
      const logout = await harness.post("/api/users/logout").set(viaProxy).set("Cookie", cookie).set("Origin", "https://auth.example.org");
      expect(logout.status).toBe(200);
      expectClearingCookie(logout, harness.cookie);
    });

    it("judges Origin against the scheme and host the proxy forwarded", async () => {
      const { token } = await registerAccount(harness);
      const logout = (origin: string) =>
        harness.post("/api/users/logout").set(viaProxy).set("Cookie", cookieHeader(harness.cookie, token)).set("Origin", origin);
      expectError(await logout("http://auth.example.org"), 403, "forbidden_origin");
      expectError(await logout(harness.origin), 403, "forbidden_origin");
      expect((await logout("https://auth.example.org")).status).toBe(200);
    });

    it("answers alike while the mail server is away: mail never decides an answer", async () => {
      const { email, token } = await registerAccount(harness);
      const known = await harness.post("/api/users/password/forgot").set(viaProxy).send({ email });
      const unknown = await harness.post("/api/users/password/forgot").set(viaProxy).send({ email: uniqueEmail() });
      expect(known.status).toBe(202);
      expect(unknown.text).toBe(known.text);
      const resend = await harness
        .post("/api/users/email/verification")
        .set(viaProxy)
        .set("Origin", "https://auth.example.org")
        .set("Cookie", cookieHeader(harness.cookie, token));
      expect(resend.status).toBe(202);
      // The courier tried, and failed: the entries wait in the store for the next attempt.
      await harness.tessera.mail.runOnce();
      expect(harness.logs.some((line) => line.includes('"event":"mail_retry"'))).toBe(true);
    });

    it("serves no development outbox: mail links are live secrets there", async () => {
      await expectNoOutbox(harness);
    });
  });
}

/**
 * No GET /dev/outbox among Tessera's routes, and a 404 where it would be: the contract's own on a
 * reference app, whatever its 404 is on a host of one's own (the path falls through to the host).
 */
export async function expectNoOutbox(harness: Harness): Promise<void> {
  expect(harness.tessera.routes.some((route) => route.path === "/dev/outbox")).toBe(false);
  if (harness.factory.referenceHost === false) expect((await harness.bytes("GET", "/dev/outbox")).status).toBe(404);
  else expectError(await harness.get("/dev/outbox"), 404, "not_found");
}
