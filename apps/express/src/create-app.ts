import type { HttpApi } from "@tessera/http/api";
import { groupByPath } from "@tessera/http/route";
import { toWire } from "@tessera/http/wire";
import type { HttpResponse } from "@tessera/http/response";
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from "express";

/**
 * Tessera on Express: routes from the shared table, answers written exactly as the shared policy
 * says. No body parser, no ETag, no X-Powered-By: nothing Express would add on its own.
 */
export function createApp(api: HttpApi): Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");

  const router = express.Router({ caseSensitive: true, strict: true });
  for (const { path, routes } of groupByPath(api.routes)) {
    for (const route of routes) {
      const method = route.method === "GET" ? "get" : route.method === "POST" ? "post" : "delete";
      // No route has a wildcard, so every parameter is a single string.
      const handle = async (req: Request, res: Response) =>
        send(res, await route.handle({ raw: req, params: req.params as Record<string, string> }));
      router[method](path, handle);
    }
    router.all(path, (_req, res) => send(res, api.methodNotAllowed(routes)));
  }
  app.use(router);
  app.use((_req, res) => send(res, api.notFound()));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => send(res, api.failure(error));
  app.use(onError);
  return app;
}

function send(res: Response, response: HttpResponse): void {
  if (res.headersSent) return;
  const wire = toWire(response);
  res.statusCode = wire.status;
  for (const [name, value] of Object.entries(wire.headers)) res.setHeader(name, value);
  res.end(wire.body);
}
