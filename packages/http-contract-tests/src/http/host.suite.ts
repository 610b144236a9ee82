import { describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader } from "./cookies.js";
import type { Harness } from "./harness.js";

const EVIL = "http://evil.example";

/**
 * What the reference hosts answer on their own, beside Tessera's routes: their 404, the demo page,
 * what they leave out of every answer. A host of your own answers these its own way.
 */
export function hostSuite(h: () => Harness): void {
  describe("the reference host's own answers", () => {
    const cookieOf = (token: string) => cookieHeader(h().cookie, token);

  describe("the demo page", () => {
    it.each([
      ["/", "text/html; charset=utf-8", "<title>Tessera demo</title>"],
      ["/demo.js", "text/javascript; charset=utf-8", "/api/users/me"],
      ["/demo.css", "text/css; charset=utf-8", "--accent"],
    ])("GET %s serves the file as %s, under a strict content security policy", async (path, type, content) => {
      const response = await h().get(path).buffer(true).parse((res, done) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => done(null, text));
      });
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe(type);
      expect(String(response.body)).toContain(content);
      expect(response.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(response.headers["x-frame-options"]).toBe("DENY");
    });
  });

    describe("routing", () => {
    it.each(["/index.html", "/api", "/api/users", "/api/users/nobody", "/api/users/me/", "/API/users/me", "/api/users/ME", "/healthz/x"])(
      "answers 404 not_found for %s",
      async (path) => {
        expectError(await h().get(path), 404, "not_found");
      },
    );

    it("answers an unknown route before looking at the body", async () => {
      const response = await h().post("/api/users/nowhere").set("Content-Type", "application/json").send("{not json");
      expectError(response, 404, "not_found");
    });
      it("answers a path that does not decode, outside Tessera's paths, with 404 not_found", async () => {
        for (const method of ["GET", "POST", "DELETE"]) expectError(await h().raw({ method, path: "/api/users/%FF" }), 404, "not_found");
      });

    it("answers an unknown route (404) before the origin", async () => {
      const { token } = await registerAccount(h());
      expectError(await h().post("/api/nowhere").set("Cookie", cookieOf(token)).set("Origin", EVIL), 404, "not_found");
    });

    });

    describe("responses", () => {
    it("carry no framework fingerprint and no validator", async () => {
      const response = await h().get("/healthz");
      expect(response.headers["x-powered-by"]).toBeUndefined();
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    });

    });

    it("guards a route of its own with requireSession: GET /api/notes", async () => {
      const { token } = await registerAccount(h());
      const notes = await h().get("/api/notes").set("Cookie", cookieOf(token));
      expect(notes.status).toBe(200);
      expect(notes.body).toEqual({ notes: [] });
      expectError(await h().get("/api/notes"), 401, "unauthorized");
      expectError(await h().get("/api/notes").set("Cookie", cookieOf("A".repeat(43))), 401, "unauthorized");
    });
  });
}
