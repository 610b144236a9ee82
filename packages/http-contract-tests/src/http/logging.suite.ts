import { describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { cookieHeader } from "./cookies.js";
import type { Harness } from "./harness.js";

export function loggingSuite(h: () => Harness): void {
  describe("logging", () => {
    const linesOf = (requestId: string) =>
      h()
        .logs.map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.requestId === requestId);

    it("writes one line per request: method, route, status, duration and request id, also answered as X-Request-Id", async () => {
      const { token } = await registerAccount(h());
      const response = await h().get("/api/users/me").set("Cookie", cookieHeader(h().cookie, token));
      const id = response.headers["x-request-id"] as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(linesOf(id)).toEqual([
        expect.objectContaining({ event: "request", method: "GET", route: "/api/users/me", status: 200, durationMs: expect.any(Number) }),
      ]);
    });

    it("takes a sane X-Request-Id from the client, and replaces one that is not", async () => {
      const kept = await h().get("/healthz").set("X-Request-Id", "trace-42.a");
      expect(kept.headers["x-request-id"]).toBe("trace-42.a");
      const replaced = await h().get("/healthz").set("X-Request-Id", "x".repeat(200));
      expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(linesOf((await h().get("/nowhere").set("X-Request-Id", "lost-1")).headers["x-request-id"] as string)).toEqual([
        expect.objectContaining({ event: "request", route: null, status: 404 }),
      ]);
    });

    it("records security events by user and session id, never by email", async () => {
      const account = await registerAccount(h());
      const failed = await h().post("/api/users/login").send({ email: account.email, password: "wrong password" });
      const ok = await h().post("/api/users/login").send({ email: account.email, password: account.password });
      const events = [failed, ok].flatMap((response) => linesOf(response.headers["x-request-id"] as string)).map((line) => line.event);
      expect(events).toEqual(["login_failed", "request", "login_succeeded", "request"]);
      for (const line of h().logs) expect(line).not.toContain(account.email);
    });

    it("records revocations and password changes", async () => {
      const account = await registerAccount(h());
      const cookie = cookieHeader(h().cookie, account.token);
      const revoke = await h().delete("/api/sessions").set("Cookie", cookie);
      expect(linesOf(revoke.headers["x-request-id"] as string)[0]).toMatchObject({ event: "sessions_revoked", revoked: 0 });
      const change = await h()
        .post("/api/users/password")
        .set("Cookie", cookie)
        .send({ currentPassword: account.password, newPassword: h().secret(`${account.password} 2`) });
      expect(linesOf(change.headers["x-request-id"] as string)[0]).toMatchObject({ event: "password_changed", userId: expect.any(String) });
    });
  });
}
