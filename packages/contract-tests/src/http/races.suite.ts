import { afterEach, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { cookieHeader, setCookies } from "./cookies.js";
import type { Harness } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;

export function racesSuite(h: () => Harness): void {
  describe("races", () => {
    afterEach(() => h().resetClock());
    const me = (token: string) => h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));

    it("logout racing reads of the same session: no read started after logout answered succeeds", async () => {
      const { token } = await registerAccount(h());
      const during = Array.from({ length: 20 }, () => me(token));
      const logout = await h().post("/api/users/logout").set("Cookie", cookieHeader(h().cookie, token));
      expect(logout.status).toBe(200);
      // Reads in flight with the logout may land on either side of it, but never fail otherwise.
      for (const response of await Promise.all(during)) expect([200, 401]).toContain(response.status);
      const after = await Promise.all(Array.from({ length: 20 }, () => me(token)));
      expect(after.map((response) => response.status)).toEqual(Array(20).fill(401));
    });

    it("parallel renewals of one session agree on one expiry", async () => {
      const { token } = await registerAccount(h());
      h().advance(8 * DAY);
      const before = Date.now();
      const responses = await Promise.all(Array.from({ length: 10 }, () => me(token)));
      const after = Date.now();
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      const maxAges = responses.flatMap(setCookies).map((cookie) => Number(/Max-Age=(\d+)/.exec(cookie)?.[1]));
      expect(maxAges.length).toBeGreaterThan(0);
      for (const maxAge of maxAges) expect(Math.abs(maxAge - 14 * 24 * 60 * 60)).toBeLessThanOrEqual(1);

      const listed = await h().get("/api/sessions").set("Cookie", cookieHeader(h().cookie, token));
      const expiresAt = new Date(listed.body.sessions[0].expiresAt).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 8 * DAY + 14 * DAY);
      expect(expiresAt).toBeLessThanOrEqual(after + 8 * DAY + 14 * DAY);
      // Once renewed, the next read finds nothing due: no cookie again.
      expect(setCookies(await me(token))).toEqual([]);
    });
  });
}
