#!/usr/bin/env node
// A wave of HTTP checks against a running Tessera host (node tools/docker/check.mjs http://127.0.0.1:3000):
// what a newcomer does with the README's curl examples and the demo page, and what an orchestrator
// probes. Exits 1 at the first answer that is not the contract's.
const base = process.argv[2] ?? "http://127.0.0.1:3000";
const email = `docker-${Date.now()}@example.org`;
const password = "correct horse battery";
let cookie = "";
let step = 0;

async function check(name, method, path, { body, expect, headers = {} }) {
  step++;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined && { "Content-Type": "application/json" }), ...(cookie && { Cookie: cookie }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text && response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : text;
  // The session cookie first: a check may look at it.
  const set = response.headers.getSetCookie().find((line) => /^(__Host-)?token=/.test(line));
  if (set) cookie = set.split(";")[0];
  const problems = [];
  if (response.status !== expect.status) problems.push(`status ${response.status}, not ${expect.status}`);
  if (response.headers.get("cache-control") !== "no-store") problems.push("no Cache-Control: no-store");
  if (expect.code && data?.errors?.[0]?.code !== expect.code) problems.push(`error code ${data?.errors?.[0]?.code}, not ${expect.code}`);
  if (expect.check && !expect.check(data, response)) problems.push(`unexpected answer ${text.slice(0, 200)}`);
  if (problems.length) {
    console.error(`[check] ${step}. ${name}: ${problems.join("; ")}`);
    process.exit(1);
  }
  console.log(`[check] ${step}. ${name}: ${response.status}`);
  return data;
}

await check("the process is alive", "GET", "/healthz", { expect: { status: 200, check: (d) => d.status === "ok" } });
await check("the store answers", "GET", "/readyz", { expect: { status: 200, check: (d) => d.status === "ready" } });
await check("the demo page", "GET", "/", { expect: { status: 200, check: (d) => String(d).includes("<title>Tessera") } });
await check("the OpenAPI document", "GET", "/openapi.json", { expect: { status: 200, check: (d) => d.openapi === "3.1.0" } });
await check("register", "POST", "/api/users/register", { body: { email, password }, expect: { status: 201, check: () => cookie !== "" } });
await check("who am I", "GET", "/api/users/me", { expect: { status: 200, check: (d) => d.user.email === email && d.user.emailVerified === false } });
await check("forgot password", "POST", "/api/users/password/forgot", { body: { email }, expect: { status: 202 } });
// The courier sends after the answer: the development outbox shows both letters within seconds.
for (let tries = 0; ; tries++) {
  const outbox = await check("the development outbox", "GET", "/dev/outbox", { expect: { status: 200, check: (d) => Array.isArray(d.messages) } });
  const subjects = outbox.messages.filter((message) => message.to === email).map((message) => message.subject);
  if (subjects.includes("Confirm your email address") && subjects.includes("Reset your password")) break;
  if (tries === 50) {
    console.error(`[check] the letters to ${email} did not arrive: ${JSON.stringify(subjects)}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await check("the host's own guarded route", "GET", "/api/notes", { expect: { status: 200, check: (d) => Array.isArray(d.notes) } });
await check("register again", "POST", "/api/users/register", { body: { email, password }, expect: { status: 409, code: "email_taken" } });
await check("log in", "POST", "/api/users/login", { body: { email, password }, expect: { status: 200 } });
await check("my sessions", "GET", "/api/sessions", { expect: { status: 200, check: (d) => d.sessions.length === 2 } });
await check("a wrong password", "POST", "/api/users/login", { body: { email, password: "not it at all" }, expect: { status: 401, code: "invalid_credentials" } });
await check("malformed JSON", "POST", "/api/users/login", { body: "{", expect: { status: 400, code: "invalid_json" } });
await check("an unknown route", "GET", "/nowhere", { expect: { status: 404, code: "not_found" } });
await check("a wrong method", "PUT", "/api/users/login", { expect: { status: 405, code: "method_not_allowed" } });
await check("log out", "POST", "/api/users/logout", { expect: { status: 200 } });
await check("after logout", "GET", "/api/users/me", { expect: { status: 401, code: "unauthorized" } });
console.log(`[check] ${step} checks passed against ${base}`);
