import type { Response } from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { loginAccount, registerAccount } from "./accounts.js";
import { cookieHeader, setCookies } from "./cookies.js";
import type { Call, Harness } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;
/** Each race runs this many rounds: one lucky interleaving proves nothing. */
export const RACE_ROUNDS = 12;
/** Many rounds of many requests: on a real server that takes a while. */
const RACE_TIMEOUT_MS = 120_000;

/** Sends a request now: supertest sends only once a call is awaited or then-ed. */
export const send = (call: Call): Promise<Response> => call.then((response) => response);

export function racesSuite(h: () => Harness): void {
  describe("races", () => {
    afterEach(() => h().resetClock());
    const withCookie = (call: Call, token: string) => call.set("Cookie", cookieHeader(h().cookie, token));
    const me = (token: string) => withCookie(h().get("/api/users/me"), token);
    const tokenIn = (response: Response) =>
      setCookies(response).find((c) => c.startsWith(`${h().cookie.name}=`))?.match(/=([^;]*)/)?.[1] ?? "";

    it("logout racing reads that renew the session: once logout answered, the token never works again", { timeout: RACE_TIMEOUT_MS }, async () => {
      for (let round = 0; round < RACE_ROUNDS; round++) {
        const { token } = await registerAccount(h());
        // Past half-life: every read in flight tries to renew the session while the logout ends it.
        h().advance(8 * DAY);
        const reads = Array.from({ length: 8 }, () => send(me(token)));
        const logout = send(withCookie(h().post("/api/users/logout"), token));
        const more = Array.from({ length: 8 }, () => send(me(token)));
        expect((await logout).status).toBe(200);
        for (const response of await Promise.all([...reads, ...more])) expect([200, 401]).toContain(response.status);
        const after = await Promise.all(Array.from({ length: 5 }, () => send(me(token))));
        expect(after.map((response) => response.status), `round ${round}`).toEqual(Array(5).fill(401));
        h().resetClock();
      }
    });

    it("ending other sessions and one session racing their own reads: the ended ones stay ended", { timeout: RACE_TIMEOUT_MS }, async () => {
      for (let round = 0; round < RACE_ROUNDS; round++) {
        const account = await registerAccount(h());
        const others = [await loginAccount(h(), account), await loginAccount(h(), account)];
        const victim = await loginAccount(h(), account);
        const listed = await h().get("/api/sessions").set("Cookie", cookieHeader(h().cookie, victim));
        const victimId = listed.body.sessions.find((s: { current: boolean }) => s.current).id as string;
        h().advance(8 * DAY);
        const reads = [...others, victim].flatMap((token) => Array.from({ length: 4 }, () => send(me(token))));
        const revokeAll = send(withCookie(h().delete("/api/sessions"), account.token));
        const revokeOne = send(withCookie(h().delete(`/api/sessions/${victimId}`), account.token));
        expect((await revokeAll).status).toBe(200);
        expect([204, 404]).toContain((await revokeOne).status);
        await Promise.all(reads);
        for (const token of [...others, victim]) expect((await me(token)).status, `round ${round}`).toBe(401);
        expect((await me(account.token)).status).toBe(200);
        h().resetClock();
      }
    });

    it("a password change racing logins with the old password and reads: no old token survives it", { timeout: RACE_TIMEOUT_MS }, async () => {
      for (let round = 0; round < RACE_ROUNDS; round++) {
        const account = await registerAccount(h());
        const older = await loginAccount(h(), account);
        h().advance(8 * DAY);
        const newPassword = h().secret(`new ${round} ${account.password}`.slice(0, 60));
        const logins = Array.from({ length: 4 }, () => send(h().post("/api/users/login").send({ email: account.email, password: account.password })));
        const change = send(
          withCookie(h().post("/api/users/password"), account.token).send({ currentPassword: account.password, newPassword }),
        );
        const reads = Array.from({ length: 6 }, () => send(me(older)));
        const changed = await change;
        expect(changed.status).toBe(200);
        await Promise.all(reads);
        const issued = (await Promise.all(logins)).filter((response) => response.status === 200).map(tokenIn);
        for (const token of [account.token, older, ...issued]) expect((await me(token)).status, `round ${round}`).toBe(401);
        expect((await me(tokenIn(changed))).status).toBe(200);
        expect((await h().post("/api/users/login").send({ email: account.email, password: account.password })).status).toBe(401);
        h().resetClock();
      }
    });

    it("ten parallel password changes from one session: one answers 200, and only its token works", { timeout: RACE_TIMEOUT_MS }, async () => {
      for (let round = 0; round < RACE_ROUNDS / 2; round++) {
        const account = await registerAccount(h());
        const passwords = Array.from({ length: 10 }, (_, i) => h().secret(`parallel ${round} ${i} ${account.password}`.slice(0, 60)));
        const responses = await Promise.all(
          passwords.map((newPassword) =>
            send(withCookie(h().post("/api/users/password"), account.token).send({ currentPassword: account.password, newPassword })),
          ),
        );
        const statuses = responses.map((response) => response.status);
        expect(statuses.filter((status) => status === 200), `round ${round}: ${statuses.join(" ")}`).toHaveLength(1);
        // The others: the change landed first (403), the account's throttle was full of them (429), or
        // the winner had already ended the session they came with (401).
        for (const status of statuses) expect([200, 401, 403, 429]).toContain(status);
        const winner = responses.findIndex((response) => response.status === 200);
        expect((await me(tokenIn(responses[winner]!))).status).toBe(200);
        expect((await me(account.token)).status).toBe(401);
        expect((await h().get("/api/sessions").set("Cookie", cookieHeader(h().cookie, tokenIn(responses[winner]!)))).body.sessions).toHaveLength(1);
      }
    });

    it("parallel renewals of one session agree on one expiry", async () => {
      const { token } = await registerAccount(h());
      h().advance(8 * DAY);
      const responses = await Promise.all(Array.from({ length: 10 }, () => send(me(token))));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      const maxAges = responses.flatMap(setCookies).map((cookie) => Number(/Max-Age=(\d+)/.exec(cookie)?.[1]));
      expect(maxAges.length).toBeGreaterThan(0);
      for (const maxAge of maxAges) expect(maxAge).toBe(14 * 24 * 60 * 60);

      const listed = await h().get("/api/sessions").set("Cookie", cookieHeader(h().cookie, token));
      expect(listed.body.sessions[0].expiresAt).toBe(new Date(h().now().getTime() + 14 * DAY).toISOString());
      // Once renewed, the next read finds nothing due: no cookie again.
      expect(setCookies(await me(token))).toEqual([]);
    });
  });
}
