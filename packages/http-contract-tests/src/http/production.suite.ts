import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";

/** Production settings behind a TLS-terminating proxy: the app itself speaks plain HTTP. */
export function productionSuite(factory: HttpFactory): void {
  describe("in production, behind a TLS proxy", () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await Harness.start(factory, { env: { NODE_ENV: "production", BCRYPT_COST: "10", TRUST_PROXY_HOPS: "1" } });
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
  });
}
