import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_TABLE, type AppEntry } from "@tessera/apps-tests/apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, timeout, type AppProcess } from "./processes.js";

/*
 * Both reference apps as people run them (`node apps/<app>/dist/main.js`), two processes on one
 * SQLite file, started at the same moment on a file that does not exist yet. WAL lets them share
 * it: what one writes the other reads at once, and the file's locks decide every race between them.
 * SQLite needs no server, so nothing here is ever skipped.
 */

const dir = mkdtempSync(join(tmpdir(), "tessera-shared-file-"));
const file = join(dir, "tessera.db");
const PASSWORD = "correct horse battery";
const env = {
  DATABASE_URL: `sqlite:${file}`,
  // Empty is unset: a MONGODB_URI in the caller's environment must not name a second store.
  MONGODB_URI: "",
  MONGODB_DB: "",
  BCRYPT_COST: "4",
  // Every request comes from 127.0.0.1: the per-address limits would otherwise be what is tested.
  LOGIN_MAX_FAILURES_PER_ADDRESS: "10000",
  REGISTER_MAX_PER_ADDRESS: "10000",
};

let counter = 0;
const uniqueEmail = () => `shared-${process.pid}-${Date.now()}-${++counter}@example.org`;

async function call(app: AppProcess, method: string, path: string, { body, token }: { body?: object; token?: string } = {}) {
  const response = await fetch(`http://127.0.0.1:${app.port}${path}`, {
    method,
    headers: { ...(body && { "Content-Type": "application/json" }), ...(token && { Cookie: `token=${token}` }) },
    ...(body && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const token_ = /(?:^|,\s*)token=([A-Za-z0-9_-]{43});/.exec(response.headers.getSetCookie().join(", "))?.[1];
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, token: token_ };
}

async function register(app: AppProcess, email = uniqueEmail()): Promise<{ email: string; token: string }> {
  const response = await call(app, "POST", "/api/users/register", { body: { email, password: PASSWORD } });
  expect(response.status).toBe(201);
  expect(response.token).toBeDefined();
  return { email, token: response.token! };
}

async function stop(app: AppProcess): Promise<number> {
  if (app.child.exitCode !== null) return app.child.exitCode;
  const exited = once(app.child, "exit");
  app.child.kill("SIGTERM");
  const [code] = (await Promise.race([exited, timeout(15_000)])) as [number];
  return code;
}

describe("Express and Koa, two processes on one SQLite file", () => {
  const byName = (name: string): AppEntry => APP_TABLE.find((entry) => entry.name === name)!;
  let express: AppProcess;
  let koa: AppProcess;
  const started: AppProcess[] = [];

  beforeAll(async () => {
    // At once, on a new file: both migrate it (one waits for the other's transaction).
    const apps = await Promise.all([startApp(byName("express"), env), startApp(byName("koa"), env)]);
    started.push(...apps);
    [express, koa] = apps as [AppProcess, AppProcess];
  });
  afterAll(async () => {
    for (const app of started) if (app.child.exitCode === null) app.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("says in each start-up log that it uses the sqlite store, and which file", () => {
    for (const app of [express, koa]) {
      expect(app.output()).toContain('"msg":"using the sqlite store"');
      expect(app.output()).toContain(`"event":"store_file","path":"${file}","schemaVersion":2`);
    }
  });

  it.each([
    ["Express", "Koa", () => express, () => koa],
    ["Koa", "Express", () => koa, () => express],
  ])("accepts in %s a session %s started, and ends it in both at logout", async (_user, _starter, using, starting) => {
    const account = await register(starting());
    const me = await call(using(), "GET", "/api/users/me", { token: account.token });
    expect(me.status).toBe(200);
    expect((me.json.user as { email: string }).email).toBe(account.email);
    expect((await call(using(), "POST", "/api/users/logout", { token: account.token })).status).toBe(200);
    for (const app of [express, koa]) expect((await call(app, "GET", "/api/users/me", { token: account.token })).status).toBe(401);
  });

  it("counts failed logins made through either process: five split between them lock the account in both", async () => {
    const { email } = await register(koa);
    for (const app of [express, koa, express, koa, express]) {
      expect((await call(app, "POST", "/api/users/login", { body: { email, password: "wrong password" } })).status).toBe(401);
    }
    for (const app of [koa, express]) {
      const response = await call(app, "POST", "/api/users/login", { body: { email, password: PASSWORD } });
      expect(response.status).toBe(429);
      expect((response.json.errors as { code: string }[])[0]?.code).toBe("too_many_attempts");
    }
  });

  it("lets exactly one of 50 parallel registrations of one email win, split between the two processes", async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(i % 2 ? koa : express, "POST", "/api/users/register", { body: { email, password: PASSWORD } })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array(49).fill(409)]);
  });

  it("stops both on SIGTERM with status 0, and keeps the accounts for the next start", async () => {
    const account = await register(express);
    expect(await Promise.all([stop(express), stop(koa)])).toEqual([0, 0]);
    const again = await startApp(byName("koa"), env);
    started.push(again);
    expect(again.output()).toContain(`"event":"store_file","path":"${file}","schemaVersion":2`);
    expect((await call(again, "GET", "/api/users/me", { token: account.token })).status).toBe(200);
    expect((await call(again, "POST", "/api/users/login", { body: { email: account.email, password: PASSWORD } })).status).toBe(200);
    expect(await stop(again)).toBe(0);
  });
});
