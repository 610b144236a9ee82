import type { HttpResponse } from "@tessera/http/response";
import { toWire } from "@tessera/http/wire";
import type { Response } from "express";

/**
 * Writes one of Tessera's answers through Express's own response API, so that whatever the host put
 * around it (compression, security headers, a request logger) sees it as any other answer.
 */
export function sendAnswer(res: Response, response: HttpResponse): void {
  if (res.headersSent) return;
  const wire = toWire(response);
  res.status(wire.status);
  for (const name in wire.headers) res.set(name, wire.headers[name] as string | string[]);
  if (wire.body === undefined) res.end();
  else res.send(wire.body);
}
