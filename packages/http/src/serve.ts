import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import type { Logger } from "./logger.js";
import type { HttpResponse } from "./response.js";
import type { Route } from "./route.js";
import { toWire, type WireResponse } from "./wire.js";

/** What the framework's router found for a request. */
export type Target =
  | { readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly missing: "path" }
  | { readonly missing: "method"; readonly routes: readonly Route[] }
  /** The framework itself failed on the request (a path that does not decode, say). */
  | { readonly error: unknown };

export interface ServeDeps {
  readonly logger: Logger;
  notFound(): HttpResponse;
  methodNotAllowed(routesAtPath: readonly Route[]): HttpResponse;
  failure(error: unknown): HttpResponse;
}

function hasUndecodablePath(url: string | undefined): boolean {
  if (!url?.includes("%")) return false;
  try {
    decodeURIComponent(url.split("?")[0] as string);
    return false;
  } catch {
    return true;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Everything between the router and the socket, for both apps: a request id (the client's
 * X-Request-Id when it is sane), the route's answer or the 404/405/failure answer, and one log line.
 * The frameworks only find the route and write the wire answer this returns.
 */
export function createServe(deps: ServeDeps) {
  return async (target: Target, raw: IncomingMessage): Promise<WireResponse> => {
    const started = performance.now();
    const header = raw.headers["x-request-id"];
    const id = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    // Says the request is being worked on: what a shutdown waits for, and what a test can watch for.
    deps.logger.debug({ event: "request_received", requestId: id, method: raw.method });

    let response: HttpResponse;
    try {
      // Express refuses a path that does not decode before routing (a URIError), Koa routes it,
      // to a route or to its 405: here both answer it alike, whatever the method, as naming nothing.
      if (hasUndecodablePath(raw.url)) {
        response = deps.notFound();
      } else if ("route" in target) {
        response = await target.route.handle({ raw, params: target.params, id });
      } else if ("error" in target) {
        response = deps.failure(target.error);
      } else {
        response = target.missing === "path" ? deps.notFound() : deps.methodNotAllowed(target.routes);
      }
    } catch (error) {
      response = deps.failure(error);
    }

    deps.logger.info({
      event: "request",
      requestId: id,
      method: raw.method,
      route: "route" in target ? target.route.path : null,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return toWire(response, id);
  };
}
