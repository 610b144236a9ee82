import type { HttpApi } from "@tessera/http/api";
import { groupByPath, routerMethod } from "@tessera/http/route";
import type { WireResponse } from "@tessera/http/wire";
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from "express";

/**
 * Tessera on Express: Express finds the route, the shared API answers, and the answer is written
 * as it is. No body parser, no ETag, no X-Powered-By: nothing Express would add on its own.
 */
export function createApp(api: HttpApi): Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");

  const router = express.Router({ caseSensitive: true, strict: true });
  for (const { path, routes } of groupByPath(api.routes)) {
    for (const route of routes) {
      // No route has a wildcard, so every parameter is a single string.
      router[routerMethod(route)](path, async (req: Request, res: Response) =>
        write(res, await api.serve({ route, params: req.params as Record<string, string> }, req)),
      );
    }
    router.all(path, async (req, res) => write(res, await api.serve({ missing: "method", routes }, req)));
  }
  app.use(router);
  app.use(async (req, res) => write(res, await api.serve({ missing: "path" }, req)));
  const onError: ErrorRequestHandler = async (error, req, res, _next) => write(res, await api.serve({ error }, req));
  app.use(onError);
  return app;
}

function write(res: Response, wire: WireResponse): void {
  if (res.headersSent) return;
  res.writeHead(wire.status, wire.headers as Record<string, string | string[]>);
  res.end(wire.body);
}
