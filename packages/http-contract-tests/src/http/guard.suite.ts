import { afterEach, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie, expectNoCookie, expectSessionCookie, FULL_LIFETIME_SECONDS } from "./cookies.js";
import type { Harness } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;
const EVIL = "http://evil.example";

/** requireSession and readSession on a host's own routes, by the contract's rules. */
export function guardSuite(h: () => Harness, paths: { readonly required: string; readonly optional: string }): void {
  describe("guarding the host's own routes", () => {
    afterEach(() => h().resetClock());
    const cookieOf = (token: string) => cookieHeader(h().cookie, token);
    const signedIn = async () => {
      const account = await registerAccount(h());
      const me = await h().get("/api/sessions").set("Cookie", cookieOf(account.token));
      return { ...account, sessionId: (me.body.sessions as { id: string; current: boolean }[]).find((s) => s.current)?.id };
    };

    describe("requireSession", () => {
      it("lets a valid session through with req.auth, by cookie or Bearer, and no cache may keep the answer", async () => {
        const account = await signedIn();
        for (const credential of [{ Cookie: cookieOf(account.token) }, { Authorization: `Bearer ${account.token}` }]) {
          const response = await h().outside("GET", paths.required).set(credential);
          expect(response.status).toBe(200);
          expect(response.body).toEqual({ email: account.email, sessionId: account.sessionId });
          expect(response.headers["cache-control"]).toBe("no-store");
          expectNoCookie(response);
        }
      });

      it("answers 401 unauthorized without a session, and clears a dead cookie", async () => {
        expectError(await h().outside("GET", paths.required), 401, "unauthorized");
        const dead = await h().outside("GET", paths.required).set("Cookie", cookieOf("A".repeat(43)));
        expectError(dead, 401, "unauthorized");
        expectClearingCookie(dead, h().cookie);
        const account = await signedIn();
        await h().post("/api/users/logout").set("Cookie", cookieOf(account.token));
        expectError(await h().outside("GET", paths.required).set("Cookie", cookieOf(account.token)), 401, "unauthorized");
      });

      it("re-sends the cookie when it renews the session", async () => {
        const account = await signedIn();
        h().advance(8 * DAY);
        const response = await h().outside("GET", paths.required).set("Cookie", cookieOf(account.token));
        expect(response.status).toBe(200);
        expect(expectSessionCookie(response, h().cookie, FULL_LIFETIME_SECONDS)).toBe(account.token);
      });

      it("refuses an unsafe method carrying the cookie from a foreign Origin with 403 forbidden_origin, but not a Bearer one", async () => {
        const account = await signedIn();
        expectError(await h().outside("POST", paths.required).set("Cookie", cookieOf(account.token)).set("Origin", EVIL), 403, "forbidden_origin");
        const bearer = await h().outside("POST", paths.required).set("Authorization", `Bearer ${account.token}`).set("Origin", EVIL);
        expect(bearer.status).toBe(200);
      });
    });

    describe("readSession", () => {
      it("sets req.auth for a valid session, and null without one, and always goes on", async () => {
        const account = await signedIn();
        expect((await h().outside("GET", paths.optional).set("Cookie", cookieOf(account.token))).body).toEqual({
          email: account.email,
          sessionId: account.sessionId,
        });
        const anonymous = await h().outside("GET", paths.optional);
        expect(anonymous.status).toBe(200);
        expect(anonymous.body).toEqual({ email: null, sessionId: null });
      });

      it("clears a dead cookie and goes on as no one", async () => {
        const response = await h().outside("GET", paths.optional).set("Cookie", cookieOf("A".repeat(43)));
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ email: null, sessionId: null });
        expectClearingCookie(response, h().cookie);
      });

      it("treats a forged cross-site request as no one's", async () => {
        const account = await signedIn();
        const response = await h().outside("POST", paths.optional).set("Cookie", cookieOf(account.token)).set("Origin", EVIL);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ email: null, sessionId: null });
      });
    });
  });
}
