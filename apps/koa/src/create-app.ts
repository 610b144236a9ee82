import { Router } from "@koa/router";
import type { HttpApi } from "@tessera/http/api";
import { groupByPath, routerMethod } from "@tessera/http/route";
import type { WireResponse } from "@tessera/http/wire";
import Koa, { type Context } from "koa";

/**
 * Tessera on Koa: @koa/router finds the route, the shared API answers, and the answer is written
 * as it is. Koa's own cookie writer is never used (it differs from the contract).
 */
export function createApp(api: HttpApi): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      write(ctx, await api.serve({ error }, ctx.req));
    }
  });

  const router = new Router({ sensitive: true, strict: true });
  for (const { path, routes } of groupByPath(api.routes)) {
    for (const route of routes) {
      router[routerMethod(route)](path, async (ctx) => write(ctx, await api.serve({ route, params: ctx.params }, ctx.req)));
    }
    router.all(path, async (ctx) => write(ctx, await api.serve({ missing: "method", routes }, ctx.req)));
  }
  app.use(router.routes());
  app.use(async (ctx) => write(ctx, await api.serve({ missing: "path" }, ctx.req)));
  return app;
}

/** Written straight to Node's response, exactly as Express writes it: Koa adds nothing on its way out. */
function write(ctx: Context, wire: WireResponse): void {
  ctx.respond = false;
  ctx.res.writeHead(wire.status, wire.headers as Record<string, string | string[]>);
  ctx.res.end(wire.body);
}
