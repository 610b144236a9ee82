import { describe, expect, it } from "vitest";
import { loginAccount, registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectClearingCookie, expectNoCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

export function sessionsSuite(h: () => Harness): void {
  const as = (token: string) => ({ Cookie: cookieHeader(h().cookie, token) });
  const list = (token: string) => h().get("/api/sessions").set(as(token));

  describe("GET /api/sessions", () => {
    it("lists the user's valid sessions with their times and user agent, the current one flagged", async () => {
      const account = await registerAccount(h());
      const second = await h()
        .post("/api/users/login")
        .set("User-Agent", "second-device/2.0")
        .send({ email: account.email, password: account.password });
      expect(second.status).toBe(200);
      const response = await list(account.token);
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(["sessions"]);
      const sessions = response.body.sessions as Record<string, unknown>[];
      expect(sessions).toHaveLength(2);
      for (const session of sessions) {
        expect(Object.keys(session).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "lastUsedAt", "userAgent"]);
        for (const time of ["createdAt", "lastUsedAt", "expiresAt"]) expect(new Date(session[time] as string).toISOString()).toBe(session[time]);
      }
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(sessions.map((s) => s.userAgent)).toContain("second-device/2.0");
    });

    it("leaves out sessions that ended, and other users' sessions", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      await h().post("/api/users/logout").set(as(other));
      await registerAccount(h());
      const response = await list(account.token);
      expect(response.body.sessions).toHaveLength(1);
      expect(response.body.sessions[0].current).toBe(true);
    });

    it("lists them newest first", async () => {
      const account = await registerAccount(h());
      for (const agent of ["second/1", "third/1"]) {
        h().advance(60_000);
        await h().post("/api/users/login").set("User-Agent", agent).send({ email: account.email, password: account.password });
      }
      h().resetClock();
      const sessions = (await list(account.token)).body.sessions as { userAgent: string; createdAt: string; current: boolean }[];
      expect(sessions.map((s) => s.userAgent).slice(0, 2)).toEqual(["third/1", "second/1"]);
      expect(sessions).toHaveLength(3);
      expect(sessions[2]?.current).toBe(true);
      expect([...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(sessions);
    });

    it("answers 401 without a session", async () => {
      expectError(await h().get("/api/sessions"), 401, "unauthorized");
    });
  });

  describe("DELETE /api/sessions/:id", () => {
    const idOf = async (token: string, current: boolean) =>
      ((await list(token)).body.sessions as { id: string; current: boolean }[]).find((s) => s.current === current)?.id as string;

    it("ends another of the user's sessions: 204, no body, the cookie kept", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const response = await h().delete(`/api/sessions/${await idOf(account.token, false)}`).set(as(account.token));
      expect(response.status).toBe(204);
      expect(response.text ?? "").toBe("");
      expectNoCookie(response);
      expect((await h().get("/api/users/me").set(as(other))).status).toBe(401);
      expect((await h().get("/api/users/me").set(as(account.token))).status).toBe(200);
    });

    it("ends the current session too, and then clears its cookie", async () => {
      const { token } = await registerAccount(h());
      const response = await h().delete(`/api/sessions/${await idOf(token, true)}`).set(as(token));
      expect(response.status).toBe(204);
      expectClearingCookie(response, h().cookie);
      expect((await h().get("/api/users/me").set(as(token))).status).toBe(401);
    });

    it("answers another user's session exactly like a missing one: 404 not_found, and it lives on", async () => {
      const mine = await registerAccount(h());
      const theirs = await registerAccount(h());
      const theirId = await idOf(theirs.token, true);
      const foreign = await h().delete(`/api/sessions/${theirId}`).set(as(mine.token));
      const missing = await h().delete(`/api/sessions/${"0".repeat(24)}`).set(as(mine.token));
      expectError(foreign, 404, "not_found");
      expect(foreign.body).toEqual(missing.body);
      expect((await h().get("/api/users/me").set(as(theirs.token))).status).toBe(200);
    });

    it.each(["not-an-id", "%E0%A4%A", "..", "a".repeat(300)])("answers 404 for the id %j", async (id) => {
      const { token } = await registerAccount(h());
      expectError(await h().delete(`/api/sessions/${id}`).set(as(token)), 404, "not_found");
    });

    it("answers 404 for a session that already ended", async () => {
      const account = await registerAccount(h());
      const other = await loginAccount(h(), account);
      const id = await idOf(account.token, false);
      await h().post("/api/users/logout").set(as(other));
      expectError(await h().delete(`/api/sessions/${id}`).set(as(account.token)), 404, "not_found");
    });

    it("answers 401 without a session", async () => {
      expectError(await h().delete(`/api/sessions/${"0".repeat(24)}`), 401, "unauthorized");
    });
  });

  describe("DELETE /api/sessions", () => {
    it("ends all the user's other sessions, says how many, and keeps the current one", async () => {
      const account = await registerAccount(h());
      const others = [await loginAccount(h(), account), await loginAccount(h(), account)];
      const bystander = await registerAccount(h());
      const response = await h().delete("/api/sessions").set(as(account.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ revoked: 2 });
      expectNoCookie(response);
      for (const token of others) expect((await h().get("/api/users/me").set(as(token))).status).toBe(401);
      expect((await h().get("/api/users/me").set(as(account.token))).status).toBe(200);
      expect((await h().get("/api/users/me").set(as(bystander.token))).status).toBe(200);
      expect((await h().delete("/api/sessions").set(as(account.token))).body).toEqual({ revoked: 0 });
    });

    it("answers 401 without a session", async () => {
      expectError(await h().delete("/api/sessions"), 401, "unauthorized");
    });
  });
}
