import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { cookieHeader, expectClearingCookie } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";

/** Production settings: a __Host- cookie with Secure; everything else as in development. */
export function productionCookieSuite(factory: HttpFactory): void {
  describe("production cookie", () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await Harness.start(factory, { cookie: { name: "__Host-token", secure: true } });
    });
    afterAll(() => harness?.stop());

    it("is named __Host-token and Secure, and is written even over plain HTTP behind a TLS proxy", async () => {
      const { token } = await registerAccount(harness);
      const me = await harness.get("/api/users/me").set("Cookie", cookieHeader(harness.cookie, token));
      expect(me.status).toBe(200);
      const logout = await harness.post("/api/users/logout").set("Cookie", cookieHeader(harness.cookie, token));
      expectClearingCookie(logout, harness.cookie);
    });
  });
}
