import { Router } from "@koa/router";
import { requireSession, sendAnswer, tesseraRoutes, type Logger, type Tessera } from "@tessera/koa";
import { demoPage, PAGE_HEADERS } from "@tessera/server/demo-page";
import { hostFailure } from "@tessera/server/host-failure";
import { HOST_ROUTES } from "@tessera/server/host-routes";
import { assignRequestId, COMMON_HEADERS, logReceived, logRequest } from "@tessera/server/request-log";
import type { RequestListener } from "node:http";
import Koa, { type Middleware } from "koa";

/**
 * The reference Koa host: Tessera's routes mounted at the root, and beside them what a host owns:
 * a protected route of its own, the OpenAPI document, the demo page, its 404 and its error
 * handling. It answers byte for byte as the Express host does.
 */
export function createApp(tessera: Tessera, logger: Logger): Koa {
  const app = new Koa();
  app.use(requestLog(logger));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      sendAnswer(ctx, hostFailure(error, tessera, logger));
    }
  });

  app.use(tesseraRoutes(tessera));

  const own = new Router({ sensitive: true, strict: true });
  own.get("/api/notes", requireSession(tessera), (ctx) => sendAnswer(ctx, { status: 200, body: { notes: [] } }));
  const openApi = tessera.openApi(HOST_ROUTES);
  own.get("/openapi.json", (ctx) => sendAnswer(ctx, { status: 200, body: openApi }));
  for (const { path, contentType, content } of demoPage(tessera)) {
    own.get(path, (ctx) => sendAnswer(ctx, { status: 200, text: { contentType, content }, headers: PAGE_HEADERS }));
  }
  for (const path of ["/api/notes", "/openapi.json", ...demoPage().map((asset) => asset.path)]) {
    own.all(path, (ctx) => sendAnswer(ctx, tessera.error("method_not_allowed", { headers: { Allow: "GET, HEAD" } })));
  }
  app.use(own.routes());

  app.use((ctx) => sendAnswer(ctx, tessera.error("not_found")));
  return app;
}

/** An id for every request (answered as X-Request-Id), the headers every answer carries, one log line each. */
function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const startedAt = performance.now();
    const requestId = assignRequestId(ctx.req);
    ctx.set("X-Request-Id", requestId);
    ctx.set(COMMON_HEADERS);
    logReceived(logger, requestId, ctx.method);
    ctx.res.once("finish", () => {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? null;
      logRequest(logger, { requestId, method: ctx.method, route, status: ctx.res.statusCode, startedAt });
    });
    await next();
  };
}

/** The host as a Node request listener: what a server, or a test, runs. */
export function listener(tessera: Tessera, logger: Logger): RequestListener {
  return createApp(tessera, logger).callback();
}
