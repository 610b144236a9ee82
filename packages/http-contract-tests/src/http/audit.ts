import type { IncomingHttpHeaders } from "node:http";
import { ERRORS } from "@tessera/http/errors";
import { expect } from "vitest";

/** What every answer is checked on, whether supertest or a raw request got it. */
export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text?: string;
  readonly body: unknown;
}

/** The demo page's files: the only answers that are not JSON. */
const DEMO_PAGE = new Set(["/", "/demo.js", "/demo.css"]);

/**
 * A stack frame: "at fn (/path/file.js:1:2)", "at file:///path/file.js:1:2", "at node:internal/x:1:2".
 * Its location is a path: prose followed by a time ("at once. ... 01:10:48"), as a mail text in the
 * development outbox may be, is none.
 */
const STACK_FRAME = /\bat (?:[^\s()"]+ ){0,3}\(?(?:\/|file:\/\/|node:|[A-Za-z]:\\)[^\s()"]*:\d+:\d+/;

/**
 * What holds for every answer, whatever the route: never cacheable, JSON when it has a body,
 * the error envelope with a known code, and no secret, hash, stack or internal message in sight.
 */
export function audit(
  response: Answer,
  secrets: ReadonlySet<string>,
  { bearerTransport = false, method = "GET", path = "/api" }: { bearerTransport?: boolean; method?: string; path?: string } = {},
): void {
  expect(response.headers["cache-control"], "Cache-Control").toBe("no-store");
  expect(response.headers["x-content-type-options"], "X-Content-Type-Options").toBe("nosniff");
  const text = response.text ?? "";
  const page = DEMO_PAGE.has(path.split("?")[0] as string) && response.status === 200;
  if (text.length > 0 && !page) expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  // A HEAD answer has the headers of the GET answer and no body to look at.
  if (response.status >= 400 && method !== "HEAD") expectEnvelope(response.body);

  // Only a client that asked for the bearer transport gets a token in a body: a new one, and no cookie.
  const token = (response.body as { token?: unknown } | undefined)?.token;
  if (bearerTransport && response.status < 300) {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers["set-cookie"]).toBeUndefined();
  } else {
    expect(token, "a token in a body nobody asked for").toBeUndefined();
  }
  expect(text).not.toMatch(STACK_FRAME);
  expect(text).not.toContain("$2b$");
  for (const secret of secrets) expect(text.includes(secret), "a secret in a response body").toBe(false);
}

export function expectEnvelope(body: unknown): void {
  expect(body).toEqual({ errors: expect.any(Array) });
  const { errors } = body as { errors: unknown[] };
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Object.keys(error as object).sort()).toEqual(["code", "detail", "title"]);
    const { code, title, detail } = error as Record<string, unknown>;
    expect(Object.keys(ERRORS)).toContain(code);
    expect(typeof title).toBe("string");
    expect(typeof detail).toBe("string");
  }
}

/** The one error a response carries, by its code and status. */
export function expectError(response: Answer, status: number, code: string): void {
  expect({ status: response.status, codes: codesOf(response.body) }).toEqual({ status, codes: [code] });
}

export function codesOf(body: unknown): string[] {
  const errors = (body as { errors?: { code: string }[] } | undefined)?.errors ?? [];
  return [...new Set(errors.map((error) => error.code))];
}
