import type { Tessera } from "@tessera/core";
import type { Middleware } from "koa";
import { sendAnswer } from "./send-answer.js";

/**
 * For a host whose body parser runs before Tessera (@koa/bodyparser): a body it refuses throws
 * before Tessera's routes run. Put this before the parser, and those refusals on Tessera's paths
 * are answered as Tessera answers them (400 invalid_json, 413, 415); every other error goes on up.
 */
export function tesseraErrors(tessera: Tessera, { prefix = "" }: { prefix?: string } = {}): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const refusal = ctx.path.startsWith(prefix) ? await tessera.bodyRefusal(ctx.req, ctx.path.slice(prefix.length), error) : null;
      if (!refusal) throw error;
      sendAnswer(ctx, refusal);
    }
  };
}
