import { loadApps } from "@tessera/apps-tests/apps";
import { Harness, type RawResponse } from "@tessera/http-contract-tests/http/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The contract suite checks each app against the contract; this checks them against each other,
 * on everything the suite does not name: every header, its order, every byte of the body.
 * Steps run in lockstep, so each app sees the same history.
 */

interface Step {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Send the session cookie from the last step that set one. */
  readonly withSession?: boolean;
  /** Send the token from the last body that held one, as Authorization: Bearer. */
  readonly withBearer?: boolean;
  /** Let the courier send everything queued first, so that the outbox each app lists is complete. */
  readonly settleMail?: boolean;
  /**
   * Take the link of the newest message to `to` with `subject` (the mail settled first): its token
   * replaces ":mailToken" in the body, in this step and the next ones.
   */
  readonly mail?: { readonly to: string; readonly subject: string; readonly action: "reset" | "verify" };
  /** The status this step must get, where the steps after it depend on it: the history is the one intended. */
  readonly status?: number;
}

const json = { "Content-Type": "application/json" };
const email = `parity-${Date.now()}@example.org`;
const credentials = JSON.stringify({ email, password: "correct horse battery" });

/*
 * Account recovery, verification and account changes, on an account of their own: its links are
 * read from each app's development outbox.
 */
const other = `parity-recovery-${Date.now()}@example.org`;
const moved = `parity-moved-${Date.now()}@example.org`;
const otherPassword = "correct horse battery";
const resetPassword = "a reset brand new secret";
const asOther = (password: string) => JSON.stringify({ email: other, password });
const foreign = { Origin: "http://evil.example" };

const RECOVERY_STEPS: readonly Step[] = [
  { name: "register another account", method: "POST", path: "/api/users/register", headers: json, body: asOther(otherPassword), status: 201 },
  { name: "the outbox after register", method: "GET", path: "/dev/outbox", settleMail: true },
  { name: "me, unverified", method: "GET", path: "/api/users/me", withSession: true },
  { name: "resend verification", method: "POST", path: "/api/users/email/verification", withSession: true },
  { name: "resend verification without a session", method: "POST", path: "/api/users/email/verification" },
  { name: "resend verification, foreign origin", method: "POST", path: "/api/users/email/verification", withSession: true, headers: foreign },
  { name: "verify, unknown token", method: "POST", path: "/api/users/email/verify", headers: json, body: JSON.stringify({ token: "A".repeat(43) }) },
  { name: "verify, token not a string", method: "POST", path: "/api/users/email/verify", headers: json, body: '{"token":5}' },
  { name: "verify, malformed JSON", method: "POST", path: "/api/users/email/verify", headers: json, body: "{" },
  {
    name: "verify with the link",
    method: "POST",
    path: "/api/users/email/verify",
    headers: json,
    body: '{"token":":mailToken"}',
    mail: { to: other, subject: "Confirm your email address", action: "verify" },
    status: 200,
  },
  { name: "verify with the link again", method: "POST", path: "/api/users/email/verify", headers: json, body: '{"token":":mailToken"}' },
  { name: "resend verification, verified", method: "POST", path: "/api/users/email/verification", withSession: true },
  { name: "me, verified", method: "GET", path: "/api/users/me", withSession: true },
  { name: "forgot, known address", method: "POST", path: "/api/users/password/forgot", headers: json, body: JSON.stringify({ email: other }) },
  { name: "forgot, unknown address", method: "POST", path: "/api/users/password/forgot", headers: json, body: JSON.stringify({ email: `nobody-${other}` }) },
  { name: "forgot, not an address", method: "POST", path: "/api/users/password/forgot", headers: json, body: '{"email":"nope"}' },
  { name: "forgot, bad type", method: "POST", path: "/api/users/password/forgot", headers: json, body: '{"email":{"$gt":""}}' },
  { name: "forgot, text/plain", method: "POST", path: "/api/users/password/forgot", headers: { "Content-Type": "text/plain" }, body: "x" },
  { name: "forgot, wrong method", method: "GET", path: "/api/users/password/forgot" },
  {
    name: "reset, a common password",
    method: "POST",
    path: "/api/users/password/reset",
    headers: json,
    body: '{"token":":mailToken","newPassword":"password1"}',
    mail: { to: other, subject: "Reset your password", action: "reset" },
  },
  { name: "reset, token not a string", method: "POST", path: "/api/users/password/reset", headers: json, body: '{"token":[],"newPassword":"x"}' },
  { name: "reset, unknown token", method: "POST", path: "/api/users/password/reset", headers: json, body: JSON.stringify({ token: "B".repeat(43), newPassword: resetPassword }) },
  { name: "reset", method: "POST", path: "/api/users/password/reset", headers: json, body: JSON.stringify({ token: ":mailToken", newPassword: resetPassword }), status: 200 },
  { name: "reset again", method: "POST", path: "/api/users/password/reset", headers: json, body: JSON.stringify({ token: ":mailToken", newPassword: resetPassword }) },
  { name: "me after the reset", method: "GET", path: "/api/users/me", withSession: true },
  { name: "login after the reset", method: "POST", path: "/api/users/login", headers: json, body: asOther(resetPassword), status: 200 },
  { name: "the outbox after the reset", method: "GET", path: "/dev/outbox", settleMail: true },
  {
    name: "change email, wrong password",
    method: "POST",
    path: "/api/users/email",
    withSession: true,
    headers: json,
    body: JSON.stringify({ newEmail: moved, currentPassword: "nope nope" }),
  },
  {
    name: "change email, own address",
    method: "POST",
    path: "/api/users/email",
    withSession: true,
    headers: json,
    body: JSON.stringify({ newEmail: other.toUpperCase(), currentPassword: resetPassword }),
  },
  { name: "change email, bad fields", method: "POST", path: "/api/users/email", withSession: true, headers: json, body: '{"newEmail":5}' },
  { name: "change email without a session", method: "POST", path: "/api/users/email", headers: json, body: '{"newEmail":5}' },
  {
    name: "change email, foreign origin",
    method: "POST",
    path: "/api/users/email",
    withSession: true,
    headers: { ...json, ...foreign },
    body: JSON.stringify({ newEmail: moved, currentPassword: resetPassword }),
  },
  {
    name: "change email",
    method: "POST",
    path: "/api/users/email",
    withSession: true,
    headers: json,
    body: JSON.stringify({ newEmail: moved, currentPassword: resetPassword }),
    status: 202,
  },
  {
    name: "confirm the change",
    method: "POST",
    path: "/api/users/email/verify",
    headers: json,
    body: '{"token":":mailToken"}',
    mail: { to: moved, subject: "Confirm your new email address", action: "verify" },
    status: 200,
  },
  { name: "me after the change", method: "GET", path: "/api/users/me", withSession: true },
  { name: "login with the old address", method: "POST", path: "/api/users/login", headers: json, body: asOther(resetPassword) },
  { name: "login with the new address", method: "POST", path: "/api/users/login", headers: json, body: JSON.stringify({ email: moved, password: resetPassword }), status: 200 },
  { name: "the outbox after the change", method: "GET", path: "/dev/outbox", settleMail: true },
  { name: "delete, wrong password", method: "DELETE", path: "/api/users/me", withSession: true, headers: json, body: '{"currentPassword":"nope nope"}' },
  { name: "delete, missing field", method: "DELETE", path: "/api/users/me", withSession: true, headers: json, body: "{}" },
  { name: "delete, foreign origin", method: "DELETE", path: "/api/users/me", withSession: true, headers: { ...json, ...foreign }, body: JSON.stringify({ currentPassword: resetPassword }) },
  { name: "delete without a session", method: "DELETE", path: "/api/users/me", headers: json, body: "{}" },
  { name: "delete", method: "DELETE", path: "/api/users/me", withSession: true, headers: json, body: JSON.stringify({ currentPassword: resetPassword }), status: 204 },
  { name: "me after deleting", method: "GET", path: "/api/users/me", withSession: true },
  { name: "login after deleting", method: "POST", path: "/api/users/login", headers: json, body: JSON.stringify({ email: moved, password: resetPassword }) },
  { name: "the outbox after deleting", method: "GET", path: "/dev/outbox", settleMail: true },
  { name: "wrong method on me", method: "PUT", path: "/api/users/me" },
];

const STEPS: readonly Step[] = [
  { name: "register", method: "POST", path: "/api/users/register", headers: json, body: credentials },
  { name: "me", method: "GET", path: "/api/users/me", withSession: true },
  { name: "register again", method: "POST", path: "/api/users/register", headers: json, body: credentials },
  { name: "login", method: "POST", path: "/api/users/login", headers: json, body: credentials },
  { name: "login, wrong password", method: "POST", path: "/api/users/login", headers: json, body: JSON.stringify({ email, password: "nope nope" }) },
  { name: "login, bad types", method: "POST", path: "/api/users/login", headers: json, body: '{"email":{"$gt":""},"password":1}' },
  { name: "malformed JSON", method: "POST", path: "/api/users/login", headers: json, body: "{" },
  { name: "not UTF-8", method: "POST", path: "/api/users/login", headers: json, body: Buffer.from([0x7b, 0xff, 0x7d]) },
  { name: "text/plain", method: "POST", path: "/api/users/register", headers: { "Content-Type": "text/plain" }, body: credentials },
  { name: "too large", method: "POST", path: "/api/users/register", headers: json, body: "x".repeat(17_000) },
  { name: "me without session", method: "GET", path: "/api/users/me" },
  { name: "me with unknown token", method: "GET", path: "/api/users/me", headers: { Cookie: `token=${"A".repeat(43)}` } },
  { name: "HEAD me", method: "HEAD", path: "/api/users/me", withSession: true },
  { name: "login as a bearer client", method: "POST", path: "/api/users/login", headers: { ...json, "X-Session-Transport": "bearer" }, body: credentials },
  { name: "me with bearer", method: "GET", path: "/api/users/me", withBearer: true },
  { name: "bad transport", method: "POST", path: "/api/users/login", headers: { ...json, "X-Session-Transport": "x" }, body: credentials },
  { name: "list sessions", method: "GET", path: "/api/sessions", withSession: true },
  { name: "revoke the others", method: "DELETE", path: "/api/sessions", withSession: true },
  { name: "revoke a missing session", method: "DELETE", path: `/api/sessions/${"0".repeat(24)}`, withSession: true },
  { name: "revoke a malformed id", method: "DELETE", path: "/api/sessions/%E0%A4%A", withSession: true },
  { name: "wrong method on sessions", method: "PUT", path: "/api/sessions" },
  { name: "foreign origin", method: "POST", path: "/api/users/logout", withSession: true, headers: { Origin: "http://evil.example" } },
  {
    name: "change password, wrong current",
    method: "POST",
    path: "/api/users/password",
    withSession: true,
    headers: json,
    body: JSON.stringify({ currentPassword: "nope nope", newPassword: "a brand new secret" }),
  },
  {
    name: "change password, common new",
    method: "POST",
    path: "/api/users/password",
    withSession: true,
    headers: json,
    body: JSON.stringify({ currentPassword: "correct horse battery", newPassword: "password1" }),
  },
  {
    name: "change password",
    method: "POST",
    path: "/api/users/password",
    withSession: true,
    headers: json,
    body: JSON.stringify({ currentPassword: "correct horse battery", newPassword: "a brand new secret" }),
  },
  { name: "list after the change", method: "GET", path: "/api/sessions", withSession: true },
  { name: "revoke the current session", method: "DELETE", path: "/api/sessions/:current", withSession: true },
  ...Array.from({ length: 6 }, (_, i) => ({
    name: `failed login ${i + 1}`,
    method: "POST",
    path: "/api/users/login",
    headers: json,
    body: JSON.stringify({ email, password: "wrong wrong" }),
  })),
  { name: "logout", method: "POST", path: "/api/users/logout", withSession: true },
  { name: "me after logout", method: "GET", path: "/api/users/me", withSession: true },
  { name: "healthz", method: "GET", path: "/healthz" },
  { name: "the OpenAPI document", method: "GET", path: "/openapi.json" },
  { name: "HEAD healthz", method: "HEAD", path: "/healthz" },
  { name: "readyz", method: "GET", path: "/readyz" },
  { name: "unknown route", method: "GET", path: "/nowhere" },
  { name: "trailing slash", method: "GET", path: "/healthz/" },
  { name: "upper case", method: "GET", path: "/HEALTHZ" },
  { name: "query string", method: "GET", path: "/healthz?x=1" },
  { name: "malformed percent-encoding", method: "GET", path: "/api/%E0%A4%A" },
  { name: "malformed id, no session", method: "DELETE", path: "/api/sessions/%E0%A4%A" },
  ...["GET", "POST", "PUT", "DELETE", "OPTIONS"].map((method) => ({ name: `${method} an id that does not decode`, method, path: "/api/sessions/%ZZ" })),
  { name: "wrong method", method: "DELETE", path: "/api/users/login" },
  { name: "OPTIONS", method: "OPTIONS", path: "/api/users/me" },
  { name: "unknown method", method: "PROPFIND", path: "/healthz" },
  ...RECOVERY_STEPS,
];

/** The token of the newest message's link to `to` with `subject`, in the app's development outbox. */
async function newestLink(h: Harness, { to, subject, action }: NonNullable<Step["mail"]>): Promise<string> {
  const listed = await h.raw({ method: "GET", path: "/dev/outbox" });
  const messages = (listed.body as { messages: { to: string; subject: string; text: string }[] }).messages;
  const text = messages.find((message) => message.to === to && message.subject === subject)?.text ?? "";
  const token = text.match(new RegExp(`/#${action}=([A-Za-z0-9_-]+)`))?.[1];
  expect(token, `a ${action} link to ${to}`).toBeDefined();
  return token as string;
}

/** What may differ between two runs of one app: the date, and values made fresh for each request. */
function normalise(response: RawResponse, tokens: Map<string, string>) {
  const rename = (text: string) =>
    text
      .replace(/[A-Za-z0-9_-]{43}/g, (token) => {
        if (!tokens.has(token)) tokens.set(token, `<token ${tokens.size + 1}>`);
        return tokens.get(token) as string;
      })
      .replace(/"[0-9a-f]{24}"/g, '"<id>"')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<request id>")
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");
  const { date: _date, "retry-after": retryAfter, ...headers } = response.headers;
  // Each app counts from its own clock: the exact second may differ, its presence may not.
  if (retryAfter !== undefined) (headers as Record<string, unknown>)["retry-after"] = /^\d+$/.test(String(retryAfter)) ? "<seconds>" : retryAfter;
  return { status: response.status, headers: rename(JSON.stringify(headers)), body: rename(response.text) };
}

describe("Express and Koa answer alike", () => {
  const harnesses: Harness[] = [];
  beforeAll(async () => {
    for (const app of await loadApps()) harnesses.push(await Harness.start(app));
  });
  afterAll(() => Promise.all(harnesses.map((h) => h.stop())));

  it("for every step of a session's life, header for header and byte for byte", async () => {
    const sessions = harnesses.map(() => "");
    const bearers = harnesses.map(() => "");
    const currentIds = harnesses.map(() => "");
    const tokenNames = harnesses.map(() => new Map<string, string>());
    const mailTokens = harnesses.map(() => "");
    for (const step of STEPS) {
      const answers = await Promise.all(
        harnesses.map(async (h, i) => {
          if (step.settleMail || step.mail) await h.tessera.mail.runOnce();
          if (step.mail) mailTokens[i] = await newestLink(h, step.mail);
          const headers = {
            ...step.headers,
            ...(step.withSession ? { Cookie: `token=${sessions[i]}` } : {}),
            ...(step.withBearer ? { Authorization: `Bearer ${bearers[i]}` } : {}),
          };
          const path = step.path.replace(":current", currentIds[i] as string);
          const sent = typeof step.body === "string" ? step.body.replaceAll(":mailToken", mailTokens[i] as string) : step.body;
          const response = await h.raw({ method: step.method, path, headers, chunks: sent ? [sent] : [] });
          const cookie = [response.headers["set-cookie"] ?? []].flat().find((c) => /^token=[^;]/.test(c));
          if (cookie) sessions[i] = cookie.slice("token=".length, cookie.indexOf(";"));
          const body = response.body as { token?: string; sessions?: { id: string; current: boolean }[] } | undefined;
          if (body?.token) bearers[i] = body.token;
          const current = body?.sessions?.find((session) => session.current);
          if (current) currentIds[i] = current.id;
          return normalise(response, tokenNames[i] as Map<string, string>);
        }),
      );
      if (step.status !== undefined) expect(answers[0]?.status, step.name).toBe(step.status);
      for (const answer of answers.slice(1)) expect(answer, step.name).toEqual(answers[0]);
    }
  });
});
