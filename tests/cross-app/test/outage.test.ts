import { registerAccount } from "@tessera/http-contract-tests/http/accounts";
import { expectError } from "@tessera/http-contract-tests/http/audit";
import { cookieHeader } from "@tessera/http-contract-tests/http/cookies";
import { Harness } from "@tessera/http-contract-tests/http/harness";
import { ownMongoServer } from "@tessera/contract-tests/mongo-suites";
import { APP_TABLE, loadApps } from "@tessera/apps-tests/apps";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startApp, timeout, waitFor } from "./processes.js";

/**
 * A request still unanswered after this long is hanging with the database, which is the failure
 * these tests look for; a slow machine answers well within it (the store's deadline is 1.5 s).
 */
const HANG_MS = 15_000;

// This file kills its database: it gets a server of its own, never the one other files share.
const own = await ownMongoServer();
const server = typeof own === "string" ? null : own;
const title = server ? "a store outage [mongo]" : `a store outage [mongo] (${own as string})`;

(server ? describe : describe.skip)(title, () => {
  const apps: [string, Harness][] = [];

  beforeAll(async () => {
    const store = () => openMongoStore({ uri: server!.uri, dbName: "tessera_outage" });
    for (const app of await loadApps()) apps.push([app.name, await Harness.start({ ...app, store })]);
  });
  afterAll(async () => {
    await Promise.all(apps.map(([, app]) => app.stop()));
    await server?.stop();
  });

  it("answers 503 store_unavailable at the store's deadline while the database hangs, and serves again once it thaws", async () => {
    const accounts = await Promise.all(apps.map(([, app]) => registerAccount(app)));
    await server!.pause();
    try {
      for (const [index, [name, app]] of apps.entries()) {
        const account = accounts[index]!;
        const calls = [
          () => app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, account.token)),
          () => app.post("/api/users/login").send({ email: account.email, password: account.password }),
          () => app.post("/api/users/logout").set("Cookie", cookieHeader(app.cookie, account.token)),
          () => app.get("/readyz"),
        ];
        // In parallel, as requests arrive. Wall time is not measured (the machine may be slow): the
        // store's deadline is tested on a fake clock in @tessera/mongo; here each answer must come
        // from it, as the reason logged says, and a request that hangs fails on its own timeout.
        const logged = app.logs.length;
        const answers = await Promise.all(calls.map((call) => call().timeout(HANG_MS)));
        for (const response of answers) expectError(response, 503, "store_unavailable");
        const reasons = app.logs.slice(logged).filter((line) => line.includes('"event":"store_unavailable"'));
        expect(reasons.length, `${name} logged its outages`).toBeGreaterThanOrEqual(3);
        for (const line of reasons) expect(line).toMatch(/did not answer within 1500 ms/);
      }
    } finally {
      await server!.resume();
    }
    for (const [index, [, app]] of apps.entries()) {
      await waitUntilReady(app);
      const me = await app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, accounts[index]!.token));
      expect(me.status).toBe(200);
    }
  });

  it.each(APP_TABLE.map((entry) => [entry.name, entry] as const))("lets the %s app shut down while the database hangs: an outage logged, never a 500, exit 0", async (name, entry) => {
    const app = await startApp(entry, { DATABASE_URL: "", MONGODB_URI: server!.uri, MONGODB_DB: "tessera_outage", BCRYPT_COST: "4", LOG_LEVEL: "debug" });
    try {
      const email = `hang-${name}-${Date.now()}@example.org`;
      expect((await post(app.port, "/api/users/register", { email, password: "correct horse battery" })).status).toBe(201);
      await server!.pause();
      const inFlight = post(app.port, "/api/users/login", { email, password: "correct horse battery" });
      // The server holds the request (it is waiting on the frozen database) when the signal comes.
      const received = () => app.output().split("\n").filter((line) => line.includes('"event":"request_received"')).length;
      await waitFor(() => received() >= 2, 10_000, app.output);
      app.child.kill("SIGTERM");
      expect((await inFlight).status).toBe(503);
      const [code] = (await Promise.race([once(app.child, "exit"), timeout(15_000)])) as [number];
      expect(code).toBe(0);
      expect(app.output()).toContain('"event":"stopped"');
      expect(app.output()).not.toContain('"status":500');
      expect(app.output()).not.toMatch(/internal_error|MongoClientClosedError|\bat .+:\d+:\d+/);
    } finally {
      if (app.child.exitCode === null) app.child.kill("SIGKILL");
      await server!.resume();
    }
  }, 30_000);

  it("answers 503 store_unavailable while the database is down, and serves again once it is back", async () => {
    const accounts = await Promise.all(apps.map(([, app]) => registerAccount(app)));

    // Reads keep arriving while the database dies: each is answered, 200 or 503, never a 500.
    const answers: { status: number }[] = [];
    let reading = true;
    const traffic = apps.map(async ([, app], index) => {
      while (reading) {
        const response = await app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, accounts[index]!.token)).timeout(HANG_MS);
        answers.push({ status: response.status });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server!.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    reading = false;
    await Promise.all(traffic);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 503]));

    for (const [index, [, app]] of apps.entries()) {
      const account = accounts[index]!;
      const calls = [
        () => app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, account.token)),
        () => app.post("/api/users/login").send({ email: account.email, password: account.password }),
        () => app.post("/api/users/register").send({ email: `x${account.email}`, password: "correct horse battery" }),
        () => app.get("/readyz"),
      ];
      for (const call of calls) expectError(await call().timeout(HANG_MS), 503, "store_unavailable");
    }

    await server!.restart();
    for (const [index, [, app]] of apps.entries()) {
      await waitUntilReady(app);
      // Sessions made before the outage are still there and still valid.
      const me = await app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, accounts[index]!.token));
      expect(me.status).toBe(200);
    }
  });
});

async function waitUntilReady(app: Harness): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await app.get("/readyz")).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the app did not become ready again within 30 s of the database's return");
}
