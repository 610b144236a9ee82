import { hostParsedBody } from "@tessera/http/body";
import type { ApiRequest } from "@tessera/http/route";
import type { Request } from "express";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** An Express request as Tessera's routes take it: a body the host's parser read is passed on as read. */
export function apiRequest(req: Request): ApiRequest {
  const header = req.headers["x-request-id"];
  return {
    raw: req,
    // No route has a wildcard, so every parameter is a single string.
    params: req.params as Record<string, string>,
    parsedBody: hostParsedBody(req, req.body),
    id: typeof header === "string" && REQUEST_ID.test(header) ? header : undefined,
  };
}
