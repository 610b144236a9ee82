import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";

const EVIL = "http://evil.example";

export function originSuite(h: () => Harness, factory: HttpFactory): void {
  describe("origin check on unsafe requests that carry the session cookie", () => {
    const cookieOf = (token: string) => cookieHeader(h().cookie, token);
    const me = (token: string) => h().get("/api/users/me").set("Cookie", cookieOf(token));

    it("refuses a foreign Origin with 403 forbidden_origin, and the session lives on", async () => {
      const { token } = await registerAccount(h());
      expectError(await h().post("/api/users/logout").set("Cookie", cookieOf(token)).set("Origin", EVIL), 403, "forbidden_origin");
      expectError(await h().delete("/api/sessions").set("Cookie", cookieOf(token)).set("Origin", EVIL), 403, "forbidden_origin");
      expect((await me(token)).status).toBe(200);
    });

    it.each(["null", "not a url", "http://127.0.0.1.evil.example", "https://127.0.0.1"])("refuses the Origin %j", async (origin) => {
      const { token } = await registerAccount(h());
      expectError(await h().post("/api/users/logout").set("Cookie", cookieOf(token)).set("Origin", origin), 403, "forbidden_origin");
    });

    it("takes the app's own origin, and a request with no Origin at all", async () => {
      const first = await registerAccount(h());
      expect((await h().post("/api/users/logout").set("Cookie", cookieOf(first.token)).set("Origin", h().origin)).status).toBe(200);
      const second = await registerAccount(h());
      expect((await h().post("/api/users/logout").set("Cookie", cookieOf(second.token))).status).toBe(200);
    });

    it("leaves safe methods and requests without the cookie alone", async () => {
      const { token } = await registerAccount(h());
      expect((await me(token).set("Origin", EVIL)).status).toBe(200);
      const fresh = await h().post("/api/users/register").set("Origin", EVIL).send({ email: uniqueEmail(), password: "correct horse battery" });
      expect(fresh.status).toBe(201);
    });

    it("refuses even a stale cookie, before the body or the session is looked at", async () => {
      const stale = cookieOf("A".repeat(43));
      const register = h().post("/api/users/register").set("Cookie", stale).set("Origin", EVIL);
      expectError(await register.set("Content-Type", "text/plain").send("x".repeat(20_000)), 403, "forbidden_origin");
      const password = h().post("/api/users/password").set("Cookie", stale).set("Origin", EVIL);
      expectError(await password.set("Content-Type", "application/json").send("{"), 403, "forbidden_origin");
    });

    it("does not apply to a request authenticated by a Bearer header", async () => {
      const { token } = await registerAccount(h());
      const response = await h().post("/api/users/logout").set("Authorization", `Bearer ${token}`).set("Origin", EVIL);
      expect(response.status).toBe(200);
    });

    it("believes no forwarded host or scheme from an untrusted client", async () => {
      const { token } = await registerAccount(h());
      const response = await h()
        .post("/api/users/logout")
        .set("Cookie", cookieOf(token))
        .set("X-Forwarded-Host", "evil.example")
        .set("X-Forwarded-Proto", "http")
        .set("Origin", EVIL);
      expectError(response, 403, "forbidden_origin");
    });
  });

  describe("origin check with a configured allow-list", () => {
    let listed: Harness;
    beforeAll(async () => {
      listed = await Harness.start(factory, { env: { ALLOWED_ORIGINS: "https://app.example.org" } });
    });
    afterAll(() => listed?.stop());

    it("takes the listed origins, and only those", async () => {
      const first = await registerAccount(listed);
      const logout = (token: string, origin: string) =>
        listed.post("/api/users/logout").set("Cookie", cookieHeader(listed.cookie, token)).set("Origin", origin);
      expectError(await logout(first.token, listed.origin), 403, "forbidden_origin");
      expect((await logout(first.token, "https://APP.example.org")).status).toBe(200);
    });
  });
}
