import { afterEach, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie, expectNoCookie, expectSessionCookie, FULL_LIFETIME_SECONDS } from "./cookies.js";
import type { Harness } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;

export function lifecycleSuite(h: () => Harness): void {
  describe("session lifecycle", () => {
    afterEach(() => h().resetClock());

    const me = (token: string) => h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));

    it("does not re-send the cookie while more than half the lifetime is left", async () => {
      const { token } = await registerAccount(h());
      h().advance(7 * DAY - 1000);
      const response = await me(token);
      expect(response.status).toBe(200);
      expectNoCookie(response);
    });

    it("renews once less than half is left: a full lifetime again, with the same token", async () => {
      const { token } = await registerAccount(h());
      h().advance(7 * DAY + 1000);
      const renewed = await me(token);
      expect(renewed.status).toBe(200);
      expect(expectSessionCookie(renewed, h().cookie, FULL_LIFETIME_SECONDS)).toBe(token);
      expectNoCookie(await me(token));

      // Valid for a full lifetime from the renewal, not from registration.
      h().advance(10 * DAY);
      expect((await me(token)).status).toBe(200);
    });

    it("ends when the lifetime runs out unused: 401 and a clearing cookie", async () => {
      const { token } = await registerAccount(h());
      h().advance(14 * DAY);
      const response = await me(token);
      expectError(response, 401, "unauthorized");
      expectClearingCookie(response, h().cookie);
    });

    it("ends at the absolute limit however often it is used, and the cookie says so", async () => {
      const { token } = await registerAccount(h());
      h().advance(12 * DAY);
      expectSessionCookie(await me(token), h().cookie, FULL_LIFETIME_SECONDS);
      h().advance(12 * DAY);
      // Renewed on day 24, but never past day 30: six days left.
      expectSessionCookie(await me(token), h().cookie, 6 * 24 * 60 * 60);
      h().advance(6 * DAY);
      expectError(await me(token), 401, "unauthorized");
    });
  });
}
