import type { Auth, Tessera } from "@tessera/core";
import type { Middleware } from "koa";
import { sendAnswer } from "./send-answer.js";

declare module "koa" {
  interface DefaultState {
    /** Set by requireSession (always) and readSession (null without a valid session). */
    auth?: Auth | null;
  }
}

/**
 * Guards a host's own route: `ctx.state.auth = { user, session }` for a valid session (cookie or
 * Bearer), or the contract's answer instead of the route: 401 (a dead cookie cleared), 403 for a
 * foreign Origin on an unsafe method that carries the cookie, 503 when the store is out of reach.
 */
export function requireSession(tessera: Tessera): Middleware {
  return guarded(tessera, true);
}

/** Like requireSession, but never refuses for want of a session: `ctx.state.auth` is then null. */
export function readSession(tessera: Tessera): Middleware {
  return guarded(tessera, false);
}

function guarded(tessera: Tessera, required: boolean): Middleware {
  return async (ctx, next) => {
    const outcome = await tessera.guard(ctx.req, required);
    if (outcome.kind === "refused") return sendAnswer(ctx, outcome.response);
    ctx.state.auth = outcome.kind === "signed-in" ? outcome.auth : null;
    for (const cookie of outcome.cookies) ctx.append("Set-Cookie", cookie);
    // An answer that depends on who asks is no one else's: no cache may keep it.
    ctx.set("Cache-Control", "no-store");
    await next();
  };
}
