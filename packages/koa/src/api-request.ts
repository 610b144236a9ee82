import { hostParsedBody } from "@tessera/http/body";
import type { ApiRequest } from "@tessera/http/route";
import type { Context } from "koa";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A Koa request as Tessera's routes take it: a body a host parser read (ctx.request.body) is passed on as read. */
export function apiRequest(ctx: Context, params: Record<string, string>): ApiRequest {
  const header = ctx.req.headers["x-request-id"];
  const { body, rawBody } = ctx.request as { body?: unknown; rawBody?: string };
  return {
    raw: ctx.req,
    params,
    parsedBody: hostParsedBody(ctx.req, body, rawBody),
    id: typeof header === "string" && REQUEST_ID.test(header) ? header : undefined,
  };
}
