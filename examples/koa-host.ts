import { Router } from "@koa/router";
import Koa from "koa";
import { openTessera, requireSession, tesseraRoutes } from "@tessera/koa";

// Opens the store and checks every option at once: here MongoDB, or memory: for a try-out.
const tessera = await openTessera({ store: process.env.DATABASE_URL ?? "memory:" });

const app = new Koa();
app.use(tesseraRoutes(tessera, { prefix: "/auth" })); // POST /auth/api/users/register, /login, ...

// A route of your own, for signed-in users only: ctx.state.auth is { user, session }.
const router = new Router();
router.get("/api/notes", requireSession(tessera), (ctx) => {
  ctx.body = { owner: ctx.state.auth!.user.email, notes: [] };
});
app.use(router.routes());

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => void tessera.close()));
