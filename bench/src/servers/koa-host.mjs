// A host app built from the public package, as a user of @tessera/koa writes one: Tessera's routes
// mounted at the root (POST /api/users/register sets the rows up), then the host's own routes, on
// @koa/router, answering the same small JSON body:
//   GET /host/open      no guard
//   GET /host/guarded   behind requireSession(tessera)
// The pair measures what the guard costs on a host's route (the cookie read, the token's SHA-256,
// the store lookup, Cache-Control), everything else being the same.
import { createServer } from "node:http";
import { Router } from "@koa/router";
import { openTessera, requireSession, tesseraRoutes } from "@tessera/koa";
import Koa from "koa";
import { announce, listenOptions, stopOnSignal } from "./common.mjs";
import { HOST_BODY, tesseraOptions } from "./host-setup.mjs";

const tessera = await openTessera(tesseraOptions());
const app = new Koa();
// Mounted first, as in the reference app: both host routes pass through Tessera's routes alike.
app.use(tesseraRoutes(tessera));
const own = new Router({ sensitive: true, strict: true });
own.get("/host/open", (ctx) => {
  ctx.body = HOST_BODY;
});
own.get("/host/guarded", requireSession(tessera), (ctx) => {
  ctx.body = HOST_BODY;
});
app.use(own.routes());

const server = createServer(app.callback());
const { host, port } = listenOptions();
server.listen(port, host, () => announce(server, "koa-host"));
stopOnSignal(server, () => tessera.close());
