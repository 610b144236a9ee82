import type { RequestListener } from "node:http";
import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import compression from "compression";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import helmet from "helmet";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTessera, readSession, requireSession, tesseraErrors, tesseraRouter, type Tessera } from "../src/index.js";

/**
 * Tessera as a team adds it to the Express app it already has: security headers, compression and
 * a JSON body parser in front of everything, its own routes before and after, Tessera under /auth,
 * its own 404 and error handler. The whole contract runs through the prefix.
 */
function host(tessera: Tessera): RequestListener {
  const app = express();
  app.use(helmet());
  app.use(compression({ threshold: 0 }));
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  app.get("/", (_req, res) => res.json({ home: true }));
  app.use("/auth", tesseraRouter(tessera));
  const echo: RequestHandler = (req, res) => res.json({ email: req.auth?.user.email ?? null, sessionId: req.auth?.session.id ?? null });
  app.get("/host/private", requireSession(tessera), echo);
  app.post("/host/private", requireSession(tessera), echo);
  app.get("/host/maybe", readSession(tessera), echo);
  app.post("/host/maybe", readSession(tessera), echo);
  app.post("/host/echo", (req, res) => res.json({ got: req.body as unknown }));
  app.get("/after", (_req, res) => res.json({ after: true }));

  app.use(tesseraErrors(tessera, { prefix: "/auth" }));
  app.use((_req, res) => res.status(404).json({ message: "the host's own 404" }));
  const hostErrors: ErrorRequestHandler = (_error, _req, res, _next) => res.status(500).json({ message: "the host's own error" });
  app.use(hostErrors);
  return app;
}

const mounted = { listener: host, prefix: "/auth", referenceHost: false, decodesBodies: true, guardedPaths: { required: "/host/private", optional: "/host/maybe" } } as const;

runHttpContract("Express host, Tessera mounted at /auth behind its own middleware", mounted);

describeWithMongo("Express host on MongoDB", ({ uri, dbName }) => {
  afterAll(() => dropDatabase(uri, dbName));
  runHttpContract("Express host, Tessera mounted at /auth, on MongoDB", { ...mounted, store: () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS }) });
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

  it("leaves the host's error handler the errors that are not its own", async () => {
    const broken = await request(app).post("/host/echo").set("Content-Type", "application/json").send("{");
    expect(broken.status).toBe(500);
    expect(broken.body).toEqual({ message: "the host's own error" });
  });
});
