import type { HttpResponse } from "@tessera/http/response";
import { toWire } from "@tessera/http/wire";
import type { Context } from "koa";

/**
 * Writes one of Tessera's answers through Koa's own response API (status, headers, body), so
 * that the host's middleware around it (compression, security headers, etag, a logger) sees it.
 */
export function sendAnswer(ctx: Context, response: HttpResponse): void {
  const wire = toWire(response);
  ctx.status = wire.status;
  for (const name in wire.headers) ctx.set(name, wire.headers[name] as string | string[]);
  ctx.body = wire.body ?? null;
}
