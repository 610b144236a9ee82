import { loginAccount, registerAccount, type Account } from "@tessera/http-contract-tests/http/accounts";
import { Harness, type RawRequest } from "@tessera/http-contract-tests/http/harness";
import { loadApps } from "@tessera/apps-tests/apps";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * Property: whatever arrives, the app answers, never with a 5xx, always in the error envelope with
 * a known code, as the OpenAPI document says, and never with a token, digest, hash or stack.
 * (The harness audits each of those on every answer; fast-check shrinks any failure it finds.)
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);

const printable = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
const oddText = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), printable(40));

const method = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("GET", "POST", "DELETE") },
  { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "HEAD", "OPTIONS", "PROPFIND", "TRACE", "X-CUSTOM") },
);

const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("/api/users/register", "/api/users/login", "/api/users/logout", "/api/users/me", "/api/users/password", "/api/sessions", "/healthz", "/readyz") },
  { weight: 2, arbitrary: fc.constantFrom("/api/sessions/", "/api/sessions/%E0%A4%A", "/api/sessions/%00", "/api/sessions/..%2F..", "/api/sessions/000000000000000000000000").chain((base) => fc.constant(base)) },
  { weight: 1, arbitrary: fc.webPath().map((p) => p || "/") },
  { weight: 1, arbitrary: fc.constantFrom("/api/users/me?x=1&x=2", "/%", "//api//users", "/api/users/me/..", `/${"a".repeat(3000)}`) },
);

const fields = fc.dictionary(
  fc.oneof(fc.constantFrom("email", "password", "currentPassword", "newPassword", "__proto__", "constructor"), fc.string({ maxLength: 8 })),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), oddText, fc.emailAddress(), fc.constant("correct horse battery")),
  { maxKeys: 5 },
);

const body = fc.oneof(
  { weight: 4, arbitrary: fields.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value) ?? "null") },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 15_000, max: 20_000 }).map((size) => JSON.stringify({ email: "x".repeat(size) })) },
  { weight: 1, arbitrary: oddText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json;;;",
  "",
);

export function requests(session: () => string) {
  return fc.record(
    {
      method,
      path,
      contentType,
      body: fc.option(body, { nil: undefined }),
      cookie: fc.oneof(
        fc.constant(undefined),
        fc.constant("valid"),
        printable(80).map((text) => `token=${text}`),
        fc.constantFrom("token=a; token=b", "token", "token=", "=token", ";;;", 'token="quoted"', `token=${"A".repeat(43)}`),
      ),
      authorization: fc.option(
        fc.oneof(fc.constant("valid"), printable(60).map((text) => `Bearer ${text}`), fc.constantFrom("Bearer", "Bearer  ", "Basic abc", "bearer x y")),
        { nil: undefined },
      ),
      origin: fc.option(fc.oneof(fc.webUrl(), fc.constantFrom("null", "http://127.0.0.1")), { nil: undefined }),
      transport: fc.option(fc.oneof(fc.constantFrom("bearer", "cookie"), printable(10)), { nil: undefined }),
    },
    { requiredKeys: ["method", "path"] },
  ).map((r): RawRequest => {
    const headers: Record<string, string> = {};
    if (r.contentType) headers["Content-Type"] = r.contentType;
    if (r.cookie) headers.Cookie = r.cookie === "valid" ? `token=${session()}` : r.cookie;
    if (r.authorization) headers.Authorization = r.authorization === "valid" ? `Bearer ${session()}` : r.authorization;
    if (r.origin) headers.Origin = r.origin;
    if (r.transport !== undefined) headers["X-Session-Transport"] = r.transport;
    return { method: r.method, path: r.path, headers, chunks: r.body === undefined ? [] : [r.body] };
  });
}

describe.each((await loadApps()).map((app) => [app.name, app] as const))("fuzzing the %s app from outside", (name, app) => {
  let harness: Harness;
  let account: Account;
  let token = "";
  const seen = { requests: 0, serverErrors: 0, signedIn: 0, renewed: 0 };

  beforeAll(async () => {
    // Every request comes from 127.0.0.1: the per-address limits would soon stop the fuzzing itself.
    harness = await Harness.start(app, { env: { LOGIN_MAX_FAILURES_PER_ADDRESS: "10000", REGISTER_MAX_PER_ADDRESS: "10000" } });
    account = await registerAccount(harness);
    token = account.token;
  });
  afterAll(async () => {
    console.log(
      `[fuzz] ${name}: ${seen.requests} fuzzed requests run (${seen.signedIn} carried a live session, which was signed in again ${seen.renewed} times after a generated request ended it), ${seen.serverErrors} 5xx; every answer checked against the OpenAPI document and the audit, a violation fails the run`,
    );
    await harness?.stop();
  });

  /** A generated request may log the session out: then sign in again, so the next ones still carry a live one. */
  async function keepSignedIn(): Promise<void> {
    const me = await harness.raw({ method: "GET", path: "/api/users/me", headers: { Cookie: `token=${token}` } });
    if (me.status === 200) return;
    token = await loginAccount(harness, account);
    seen.renewed++;
  }

  it(`never answers 5xx, always with a known error code, as documented (${RUNS} requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(() => token), async (request) => {
        const carried = Object.values(request.headers ?? {}).some((value) => value.includes(token));
        const response = await harness.raw(request);
        seen.requests++;
        if (carried) seen.signedIn++;
        if (response.status >= 500) seen.serverErrors++;
        expect(response.status).toBeLessThan(500);
        if (carried && request.path.startsWith("/api/users/logout")) await keepSignedIn();
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000 },
    );
    expect(seen.requests).toBeGreaterThanOrEqual(RUNS);
    // A good share of the "signed-in" requests really were: the session did not die early and stay dead.
    expect(seen.signedIn).toBeGreaterThan(RUNS / 10);
  }, 180_000);
});
