import { requireSession, sendAnswer, tesseraRouter, type Logger, type Tessera } from "@tessera/express";
import { demoPage, PAGE_HEADERS } from "@tessera/server/demo-page";
import { hostFailure } from "@tessera/server/host-failure";
import { HOST_ROUTES } from "@tessera/server/host-routes";
import { assignRequestId, COMMON_HEADERS, logReceived, logRequest } from "@tessera/server/request-log";
import type { RequestListener } from "node:http";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";

/**
 * The reference Express host: Tessera's routes mounted at the root, and beside them what a host
 * owns: a protected route of its own, the OpenAPI document, the demo page, its 404 and its error
 * handler. No ETag, no X-Powered-By: the Koa host answers byte for byte alike.
 */
export function createApp(tessera: Tessera, logger: Logger): Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(requestLog(logger));

  app.use(tesseraRouter(tessera));

  const own = express.Router({ caseSensitive: true, strict: true });
  own.get("/api/notes", requireSession(tessera), (_req, res) => sendAnswer(res, { status: 200, body: { notes: [] } }));
  const openApi = tessera.openApi(HOST_ROUTES);
  own.get("/openapi.json", (_req, res) => sendAnswer(res, { status: 200, body: openApi }));
  for (const { path, contentType, content } of demoPage(tessera)) {
    own.get(path, (_req, res) => sendAnswer(res, { status: 200, text: { contentType, content }, headers: PAGE_HEADERS }));
  }
  for (const path of ["/api/notes", "/openapi.json", ...demoPage().map((asset) => asset.path)]) {
    own.all(path, (_req, res) => sendAnswer(res, tessera.error("method_not_allowed", { headers: { Allow: "GET, HEAD" } })));
  }
  app.use(own);

  app.use((_req, res) => sendAnswer(res, tessera.error("not_found")));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => sendAnswer(res, hostFailure(error, tessera, logger));
  app.use(onError);
  return app;
}

/** An id for every request (answered as X-Request-Id), the headers every answer carries, one log line each. */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    const requestId = assignRequestId(req);
    res.setHeader("X-Request-Id", requestId);
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    logReceived(logger, requestId, req.method);
    res.once("finish", () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : null;
      logRequest(logger, { requestId, method: req.method, route, status: res.statusCode, startedAt });
    });
    next();
  };
}

/** The host as a Node request listener: what a server, or a test, runs. */
export function listener(tessera: Tessera, logger: Logger): RequestListener {
  return createApp(tessera, logger);
}
