import { Router } from "@koa/router";
import type { HttpApi } from "@tessera/http/api";
import type { HttpResponse } from "@tessera/http/response";
import { groupByPath } from "@tessera/http/route";
import { toWire } from "@tessera/http/wire";
import Koa, { type Context } from "koa";

/**
 * Tessera on Koa: routes from the shared table, answers written exactly as the shared policy says.
 * Koa's own cookie writer is never used (it differs from the contract); cookies arrive as headers.
 */
export function createApp(api: HttpApi): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      send(ctx, api.failure(error));
    }
  });

  const router = new Router({ sensitive: true, strict: true });
  for (const { path, routes } of groupByPath(api.routes)) {
    for (const route of routes) {
      const method = route.method === "GET" ? "get" : route.method === "POST" ? "post" : "delete";
      router[method](path, async (ctx) => send(ctx, await route.handle({ raw: ctx.req, params: ctx.params })));
    }
    router.all(path, (ctx) => send(ctx, api.methodNotAllowed(routes)));
  }
  app.use(router.routes());
  app.use((ctx) => send(ctx, api.notFound()));
  return app;
}

function send(ctx: Context, response: HttpResponse): void {
  const wire = toWire(response);
  ctx.status = wire.status;
  for (const [name, value] of Object.entries(wire.headers)) ctx.set(name, value as string | string[]);
  ctx.body = wire.body ?? null;
}
