// Express 5 baselines, one per process. MODE:
//   hello            GET / -> {"hello":"world"}: the framework's ceiling
//   session-memory   express-session with its MemoryStore
//   session-mongo    express-session with connect-mongo (BENCH_MONGODB_URI / BENCH_MONGODB_DB)
//   same-answer      GET /api/users/me answered as the reference app answers it (same body shape,
//                    same headers, a fresh X-Request-Id), from a mounted router, with no session
// The session modes serve POST /login (puts a user in the session) and GET /api/users/me
// ({user:{id,email,createdAt}} from the session, 401 without one): the route shape Tessera serves.
import { createServer } from "node:http";
import express from "express";
import { announce, benchUser, listenOptions, mongoSettings, stopOnSignal } from "./common.mjs";

const mode = process.env.MODE ?? "hello";
const app = express();
app.disable("x-powered-by");
app.disable("etag");
let cleanup = async () => {};

if (mode === "hello") {
  app.get("/", (_req, res) => {
    res.json({ hello: "world" });
  });
} else if (mode === "session-memory" || mode === "session-mongo") {
  // Loaded only where used, so the hello row's peak RSS holds no session or driver code.
  const { default: session } = await import("express-session");
  let store;
  if (mode === "session-mongo") {
    const { uri, dbName } = mongoSettings();
    const { default: MongoStore } = await import("connect-mongo");
    const { MongoClient } = await import("mongodb");
    const client = await MongoClient.connect(uri);
    // touchAfter 60: at most one write a minute per unchanged session, as Tessera's lastUsedAt; the
    // default (0) writes on every read (BENCH_TOUCH_AFTER=0 measures that). No TTL index: FerretDB has
    // none, and runs are short.
    const touchAfter = Number(process.env.BENCH_TOUCH_AFTER ?? 60);
    store = MongoStore.create({ client, dbName, collectionName: "sessions", touchAfter, autoRemove: "disabled" });
    cleanup = async () => {
      await store.close();
    };
  }
  app.use(
    session({
      secret: "bench-secret-not-for-production",
      resave: false,
      saveUninitialized: false,
      store,
      cookie: { httpOnly: true, sameSite: "strict", maxAge: 14 * 24 * 60 * 60 * 1000 },
    }),
  );
  app.post("/login", express.json(), (req, res, next) => {
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.user = benchUser(req.body?.email);
      res.json({ title: "Logged in" });
    });
  });
  app.get("/api/users/me", (req, res) => {
    const user = req.session.user;
    if (!user) {
      res.status(401).json({ errors: [{ code: "unauthorized" }] });
      return;
    }
    res.json({ user: { id: user.id, email: user.email, createdAt: user.createdAt } });
  });
} else if (mode === "same-answer") {
  const { randomUUID } = await import("node:crypto");
  const { answerUser, COMMON_HEADERS, lookalikeCookies, meBody } = await import("./same-answer.mjs");
  // The one user every answer names; POST /login replaces it, so that set-up's check finds its email.
  let user = answerUser();
  // As the app's request-log middleware does, minus the log line: an id and the common headers.
  app.use((_req, res, next) => {
    res.setHeader("X-Request-Id", randomUUID());
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    next();
  });
  // A mounted router, as Tessera's routes are mounted in the app.
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post("/login", express.json(), (req, res) => {
    user = answerUser(typeof req.body?.email === "string" ? req.body.email : undefined);
    res.append("Set-Cookie", lookalikeCookies());
    res.json({ title: "Logged in" });
  });
  router.get("/api/users/me", (_req, res) => {
    res.json(meBody(user));
  });
  app.use(router);
} else {
  throw new Error(`unknown MODE ${mode}`);
}

const server = createServer(app);
const { host, port } = listenOptions();
server.listen(port, host, () => announce(server, `express-${mode}`));
stopOnSignal(server, () => cleanup());
