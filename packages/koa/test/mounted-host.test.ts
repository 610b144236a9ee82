import type { RequestListener } from "node:http";
import { bodyParser } from "@koa/bodyparser";
import { Router } from "@koa/router";
import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import Koa, { type Middleware } from "koa";
import compress from "koa-compress";
import helmet from "koa-helmet";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTessera, readSession, requireSession, tesseraErrors, tesseraRoutes, type Tessera } from "../src/index.js";

/**
 * Tessera as a team adds it to the Koa app it already has: its error handling first, security
 * headers, compression and a body parser, its own routes before and after, Tessera under /auth, its
 * own 404. The whole contract runs through the prefix.
 */
function host(tessera: Tessera): RequestListener {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 500;
      ctx.body = { message: "the host's own error" };
    }
  });
  app.use(tesseraErrors(tessera, { prefix: "/auth" }));
  app.use(helmet());
  app.use(compress({ threshold: 0 }));
  app.use(bodyParser());

  const before = new Router();
  before.get("/", (ctx) => (ctx.body = { home: true }));
  app.use(before.routes());
  app.use(tesseraRoutes(tessera, { prefix: "/auth" }));

  const after = new Router();
  const echo: Middleware = (ctx) => (ctx.body = { email: ctx.state.auth?.user.email ?? null, sessionId: ctx.state.auth?.session.id ?? null });
  after.get("/host/private", requireSession(tessera), echo);
  after.post("/host/private", requireSession(tessera), echo);
  after.get("/host/maybe", readSession(tessera), echo);
  after.post("/host/maybe", readSession(tessera), echo);
  after.post("/host/echo", (ctx) => (ctx.body = { got: (ctx.request as { body?: unknown }).body }));
  after.get("/after", (ctx) => (ctx.body = { after: true }));
  app.use(after.routes());

  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { message: "the host's own 404" };
  });
  return app.callback();
}

const mounted = { listener: host, prefix: "/auth", referenceHost: false, decodesBodies: true, guardedPaths: { required: "/host/private", optional: "/host/maybe" } } as const;

runHttpContract("Koa host, Tessera mounted at /auth behind its own middleware", mounted);

describeWithMongo("Koa host on MongoDB", ({ uri, dbName }) => {
  afterAll(() => dropDatabase(uri, dbName));
  runHttpContract("Koa host, Tessera mounted at /auth, on MongoDB", { ...mounted, store: () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS }) });
});

describe("the host around Tessera", () => {
  let tessera: Tessera;
  let app: RequestListener;
  beforeAll(async () => {
    tessera = await openTessera({ bcrypt: { cost: 4 } });
    app = host(tessera);
  });
  afterAll(() => tessera.close());

  it("keeps its own routes before and after Tessera's, its body parser, its 404 and its headers", async () => {
    expect((await request(app).get("/")).body).toEqual({ home: true });
    expect((await request(app).get("/after")).body).toEqual({ after: true });
    expect((await request(app).post("/host/echo").send({ a: 1 })).body).toEqual({ got: { a: 1 } });
    const missing = await request(app).get("/auth/api/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "the host's own 404" });
    const answer = await request(app).get("/auth/healthz");
    expect(answer.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.body).toEqual({ status: "ok" });
  });

  it("answers a body the host's parser already read, in a register that completes", async () => {
    const response = await request(app).post("/auth/api/users/register").send({ email: "parsed-first@example.org", password: "correct horse battery" });
    expect(response.status).toBe(201);
  });

  it("leaves the host's error handling the errors that are not its own", async () => {
    const broken = await request(app).post("/host/echo").set("Content-Type", "application/json").send("{");
    expect(broken.status).toBe(500);
    expect(broken.body).toEqual({ message: "the host's own error" });
  });
});
