import { Router } from "@koa/router";
import type { Tessera } from "@tessera/core";
import { allowedMethods, groupByPath, hasUndecodablePath, routerMethod } from "@tessera/http/route";
import type { Middleware } from "koa";
import { apiRequest } from "./api-request.js";
import { sendAnswer } from "./send-answer.js";

/**
 * The contract's routes as Koa middleware, at the root or under a prefix
 * (`app.use(tesseraRoutes(tessera, { prefix: "/auth" }))`). It answers only its own paths and
 * hands everything else down the chain; anything thrown but a store outage goes up to the host.
 */
export function tesseraRoutes(tessera: Tessera, { prefix }: { prefix?: string } = {}): Middleware {
  const router = new Router({ sensitive: true, strict: true, ...(prefix && { prefix }) });
  for (const { path, routes } of groupByPath(tessera.routes)) {
    for (const route of routes) {
      router[routerMethod(route)](path, async (ctx) => {
        // Koa routes a path that does not decode; Express refuses it: in both it names nothing.
        if (hasUndecodablePath(ctx.url)) return sendAnswer(ctx, tessera.error("not_found"));
        sendAnswer(ctx, await route.handle(apiRequest(ctx, ctx.params)));
      });
    }
    const allow = allowedMethods(routes);
    router.all(path, async (ctx) =>
      sendAnswer(ctx, hasUndecodablePath(ctx.url) ? tessera.error("not_found") : tessera.error("method_not_allowed", { headers: { Allow: allow } })),
    );
  }
  // The router adds params to the context it passes its own routes; the host sees a plain middleware.
  return router.routes() as unknown as Middleware;
}
