import { describe, expect, it } from "vitest";
import { registerAccount, uniqueEmail } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader, expectNoCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

export function protocolSuite(h: () => Harness): void {
  const credentials = () => JSON.stringify({ email: uniqueEmail(), password: "correct horse" });

  describe("health", () => {
    it("GET /healthz answers 200 {status: ok}", async () => {
      const response = await h().get("/healthz");
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: "ok" });
    });

    it("GET /readyz answers 200 {status: ready} while the store answers", async () => {
      const response = await h().get("/readyz");
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: "ready" });
    });

    it("HEAD /healthz answers the headers of GET, and not one byte of body on the wire", async () => {
      const get = await h().bytes("GET", "/healthz");
      const head = await h().bytes("HEAD", "/healthz");
      expect(get.body).toBe('{"status":"ok"}');
      expect(head.status).toBe(200);
      expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
      expect(head.body).toBe("");
    });
  });

  describe("routing", () => {
    it.each([
      ["GET", "/api/users/register", "POST"],
      ["PUT", "/api/users/login", "POST"],
      ["PUT", "/api/users/me", "GET, HEAD, DELETE"],
      ["POST", "/healthz", "GET, HEAD"],
      ["PATCH", "/readyz", "GET, HEAD"],
      ["OPTIONS", "/api/users/logout", "POST"],
    ])("answers %s %s with 405 method_not_allowed and Allow: %s", async (method, path, allow) => {
      const response = await h().method(method, path);
      expectError(response, 405, "method_not_allowed");
      expect(response.headers.allow).toBe(allow);
    });

    it.each(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])(
      "answers %s on a path that does not decode (/api/sessions/%%ZZ) with 404 not_found",
      async (method) => {
        for (const path of ["/api/sessions/%ZZ", "/api/sessions/%E0%A4%A"]) {
          const response = await h().raw({ method, path });
          expect({ path, status: response.status, allow: response.headers.allow }).toEqual({ path, status: 404, allow: undefined });
          expectError(response, 404, "not_found");
        }
      },
    );

    it("answers a wrong method before looking at the body", async () => {
      const response = await h().method("PUT", "/api/users/register").set("Content-Type", "text/plain").send("x".repeat(20_000));
      expectError(response, 405, "method_not_allowed");
    });

  });

  describe("request bodies", () => {
    const register = () => h().post("/api/users/register");

    it("answers a body over 16 KiB with 413 payload_too_large, before its type is looked at", async () => {
      const big = JSON.stringify({ email: uniqueEmail(), password: "correct horse", padding: "x".repeat(16 * 1024) });
      expectError(await register().set("Content-Type", "application/json").send(big), 413, "payload_too_large");
      expectError(await register().set("Content-Type", "text/plain").send(big), 413, "payload_too_large");
    });

    it("takes a body of exactly 16 KiB", async () => {
      const body = JSON.stringify({ email: uniqueEmail(), password: "correct horse", padding: "" });
      const padded = body.replace('"padding":""', `"padding":"${"x".repeat(16 * 1024 - body.length)}"`);
      expect(padded).toHaveLength(16 * 1024);
      expect((await register().set("Content-Type", "application/json").send(padded)).status).toBe(201);
    });

    it("answers a body over 16 KiB sent in chunks, without a length, with 413", async () => {
      const response = await h().raw({
        method: "POST",
        path: "/api/users/register",
        headers: { "Content-Type": "application/json" },
        chunks: ['{"padding":"', ..."x".repeat(20_000).match(/.{1,1000}/g)!, '"}'],
      });
      expectError(response, 413, "payload_too_large");
    });

    it.each([
      ["text/plain", "text/plain"],
      ["a form", "application/x-www-form-urlencoded"],
      ["JSON in Latin-1", "application/json; charset=iso-8859-1"],
      ["a JSON look-alike", "application/jsonx"],
    ])("answers %s with 415 unsupported_media_type", async (_case, type) => {
      expectError(await register().set("Content-Type", type).send(credentials()), 415, "unsupported_media_type");
    });

    it("answers a body without a Content-Type with 415", async () => {
      const response = await h().raw({ method: "POST", path: "/api/users/login", chunks: [credentials()] });
      expectError(response, 415, "unsupported_media_type");
    });

    it("answers a compressed body with 415", async () => {
      const response = await register().set("Content-Type", "application/json").set("Content-Encoding", "gzip").send(credentials());
      expectError(response, 415, "unsupported_media_type");
    });

    it.each(["application/json", "application/json; charset=utf-8", "Application/JSON; Charset=\"UTF-8\""])(
      "takes Content-Type %s",
      async (type) => {
        expect((await register().set("Content-Type", type).send(credentials())).status).toBe(201);
      },
    );

    it.each([
      ["malformed JSON", "{email:"],
      ["an empty body", ""],
      ["two JSON values", '{"a":1} {"b":2}'],
      ["a trailing comma", '{"email":"a@example.org",}'],
    ])("answers %s with 400 invalid_json", async (_case, body) => {
      expectError(await register().set("Content-Type", "application/json").send(body), 400, "invalid_json");
    });

    it("answers bytes that are not UTF-8 with 400 invalid_json", async () => {
      const response = await h().raw({
        method: "POST",
        path: "/api/users/register",
        headers: { "Content-Type": "application/json" },
        chunks: [Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe]), Buffer.from('@example.org","password":"correct horse"}')])],
      });
      // A host parser in front decoded the bytes (as U+FFFD): the email is then what is wrong.
      expectError(response, 400, h().factory.decodesBodies ? "invalid_request" : "invalid_json");
    });

    it.each([
      ["an array", "[]"],
      ["a string", '"a@example.org"'],
      ["null", "null"],
    ])("answers JSON that is %s, not an object, with 400 invalid_request", async (_case, body) => {
      expectError(await register().set("Content-Type", "application/json").send(body), 400, "invalid_request");
    });

    it("treats __proto__ as an ordinary unknown field", async () => {
      const body = `{"__proto__":{"email":"x"},"email":"${uniqueEmail()}","password":"correct horse"}`;
      expect((await register().set("Content-Type", "application/json").send(body)).status).toBe(201);
    });
  });

  describe("precedence: when several things are wrong, the first answers", () => {
    const EVIL = "http://evil.example";
    const withSession = async () => cookieHeader(h().cookie, (await registerAccount(h())).token);

    it("a wrong method (405) before a foreign origin", async () => {
      const cookie = await withSession();
      expectError(await h().method("PUT", "/api/users/logout").set("Cookie", cookie).set("Origin", EVIL), 405, "method_not_allowed");
    });

    it("a foreign origin (403) before a body too large", async () => {
      const cookie = await withSession();
      const response = await h().post("/api/users/password").set("Cookie", cookie).set("Origin", EVIL).set("Content-Type", "application/json").send("x".repeat(20_000));
      expectError(response, 403, "forbidden_origin");
    });

    it.each([
      ["too large (413)", "application/json", "x".repeat(20_000), 413, "payload_too_large"],
      ["not JSON (415)", "text/plain", '{"currentPassword":"a","newPassword":"b"}', 415, "unsupported_media_type"],
      ["malformed JSON (400)", "application/json", "{", 400, "invalid_json"],
    ])("a body %s before no session (401)", async (_case, type, body, status, code) => {
      expectError(await h().post("/api/users/password").set("Content-Type", type).send(body as string), status as number, code as string);
    });

    it("no session (401) before invalid fields", async () => {
      expectError(await h().post("/api/users/password").send({ currentPassword: 5 }), 401, "unauthorized");
    });

    it("invalid fields (400) before a throttled account (429)", async () => {
      const account = await registerAccount(h());
      for (let i = 0; i < 5; i++) await h().post("/api/users/login").send({ email: account.email, password: "wrong password" });
      expectError(await h().post("/api/users/login").send({ email: account.email, password: 5 }), 400, "invalid_request");
      expectError(await h().post("/api/users/login").send({ email: account.email, password: account.password }), 429, "too_many_attempts");
    });

    it("malformed JSON (400 invalid_json) before invalid fields", async () => {
      expectError(await h().post("/api/users/login").set("Content-Type", "application/json").send('{"email": 5,'), 400, "invalid_json");
    });

    it("not JSON (415) before malformed JSON", async () => {
      expectError(await h().post("/api/users/login").set("Content-Type", "text/plain").send("{"), 415, "unsupported_media_type");
    });

    it("a wrong email (400 invalid_request) at login, whatever the password", async () => {
      expectError(await h().post("/api/users/login").send({ email: "x", password: "x".repeat(100) }), 400, "invalid_request");
    });
  });

  describe("responses", () => {
    it("set no cookie on routes that start no session", async () => {
      const { token } = await registerAccount(h());
      expectNoCookie(await h().get("/healthz").set("Cookie", cookieHeader(h().cookie, token)));
    });
  });
}
