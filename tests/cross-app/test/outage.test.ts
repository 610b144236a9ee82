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

  it("answers 503 store_unavailable within 2 seconds while the database hangs, and serves again once it thaws", async () => {
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
        // In parallel, as requests arrive: none may wait for another's timeout.
        const answers = await Promise.all(
          calls.map(async (call) => {
            const started = Date.now();
            const response = await call();
            return { response, ms: Date.now() - started };
          }),
        );
        for (const { response, ms } of answers) {
          expectError(response, 503, "store_unavailable");
          expect(ms, `${name} answered within 2 s`).toBeLessThan(2_000);
        }
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

  it("answers 503 store_unavailable within 2 seconds while the database is down, and serves again once it is back", async () => {
    const accounts = await Promise.all(apps.map(([, app]) => registerAccount(app)));

    // Reads keep arriving while the database dies: each is answered, 200 or 503, never a 500.
    const answers: { status: number; ms: number }[] = [];
    let reading = true;
    const traffic = apps.map(async ([, app], index) => {
      while (reading) {
        const started = Date.now();
        const response = await app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, accounts[index]!.token));
        answers.push({ status: response.status, ms: Date.now() - started });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server!.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    reading = false;
    await Promise.all(traffic);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 503]));
    for (const answer of answers) expect(answer.ms).toBeLessThan(2_000);

    for (const [index, [name, app]] of apps.entries()) {
      const account = accounts[index]!;
      const calls = [
        () => app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, account.token)),
        () => app.post("/api/users/login").send({ email: account.email, password: account.password }),
        () => app.post("/api/users/register").send({ email: `x${account.email}`, password: "correct horse battery" }),
        () => app.get("/readyz"),
      ];
      for (const call of calls) {
        const started = Date.now();
        const response = await call();
        expectError(response, 503, "store_unavailable");
        expect(Date.now() - started, `${name} answered within 2 s`).toBeLessThan(2_000);
      }
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
