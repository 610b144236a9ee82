// Koa 3 baselines, one per process. MODE:
//   hello            GET / -> {"hello":"world"}: the framework's ceiling (no router)
//   session-cookie   koa-session keeping the session in its signed cookie (no store)
//   session-mongo    koa-session with a small external store on the mongodb driver
//                    (BENCH_MONGODB_URI / BENCH_MONGODB_DB)
//   same-answer      GET /api/users/me answered as the reference app answers it (same body shape,
//                    same headers, a fresh X-Request-Id), through @koa/router, with no session
// The session modes route with @koa/router like the app, and serve POST /login (puts a user in the
// session) and GET /api/users/me ({user:{id,email,createdAt}} from the session, 401 without one).
import { createServer } from "node:http";
import Koa from "koa";
import { announce, benchUser, listenOptions, mongoSettings, stopOnSignal } from "./common.mjs";

const mode = process.env.MODE ?? "hello";
const app = new Koa();
let cleanup = async () => {};

if (mode === "hello") {
  app.use((ctx) => {
    ctx.body = { hello: "world" };
  });
} else if (mode === "session-cookie" || mode === "session-mongo") {
  // Loaded only where used, so the hello row's peak RSS holds no router, session or driver code.
  const { Router } = await import("@koa/router");
  const { default: session } = await import("koa-session");
  app.keys = ["bench-secret-not-for-production"];
  const options = { key: "koa.sess", maxAge: 14 * 24 * 60 * 60 * 1000, httpOnly: true, sameSite: "strict" };
  if (mode === "session-mongo") {
    const { uri, dbName } = mongoSettings();
    const { MongoClient } = await import("mongodb");
    const client = await MongoClient.connect(uri);
    options.store = mongoSessionStore(client.db(dbName).collection("sessions"));
    cleanup = () => client.close();
  }
  app.use(session(options, app));
  const router = new Router({ sensitive: true, strict: true });
  router.post("/login", async (ctx) => {
    const email = (await readJson(ctx.req))?.email;
    ctx.session.user = benchUser(typeof email === "string" ? email : undefined);
    ctx.body = { title: "Logged in" };
  });
  router.get("/api/users/me", (ctx) => {
    const user = ctx.session.user;
    if (!user) {
      ctx.status = 401;
      ctx.body = { errors: [{ code: "unauthorized" }] };
      return;
    }
    ctx.body = { user: { id: user.id, email: user.email, createdAt: user.createdAt } };
  });
  app.use(router.routes());
} else if (mode === "same-answer") {
  const { randomUUID } = await import("node:crypto");
  const { Router } = await import("@koa/router");
  const { answerUser, COMMON_HEADERS, lookalikeCookies, meBody } = await import("./same-answer.mjs");
  // The one user every answer names; POST /login replaces it, so that set-up's check finds its email.
  let user = answerUser();
  // As the app's request-log middleware does, minus the log line: an id and the common headers.
  app.use(async (ctx, next) => {
    ctx.set("X-Request-Id", randomUUID());
    ctx.set(COMMON_HEADERS);
    await next();
  });
  const router = new Router({ sensitive: true, strict: true });
  router.post("/login", async (ctx) => {
    const email = (await readJson(ctx.req))?.email;
    user = answerUser(typeof email === "string" ? email : undefined);
    ctx.append("Set-Cookie", lookalikeCookies());
    ctx.body = { title: "Logged in" };
  });
  router.get("/api/users/me", (ctx) => {
    ctx.body = meBody(user);
  });
  app.use(router.routes());
} else {
  throw new Error(`unknown MODE ${mode}`);
}

/**
 * koa-session's external-store interface on one collection: the session under its key as `_id`,
 * one findOne per read; koa-session writes only when the session changes (no rolling, no renew).
 */
function mongoSessionStore(collection) {
  return {
    async get(key) {
      const doc = await collection.findOne({ _id: key });
      if (!doc || doc.expiresAt <= new Date()) return undefined;
      return doc.session;
    },
    async set(key, sess, maxAge) {
      const ttl = typeof maxAge === "number" ? maxAge : 24 * 60 * 60 * 1000;
      await collection.updateOne(
        { _id: key },
        { $set: { session: sess, expiresAt: new Date(Date.now() + ttl) } },
        { upsert: true },
      );
    },
    async destroy(key) {
      await collection.deleteOne({ _id: key });
    },
  };
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

const server = createServer(app.callback());
const { host, port } = listenOptions();
server.listen(port, host, () => announce(server, `koa-${mode}`));
stopOnSignal(server, () => cleanup());
