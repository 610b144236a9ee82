import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import type { ParsedBody } from "./body.js";
import type { HttpResponse } from "./response.js";

/** A request as a framework hands it over: the Node request (headers, body stream, socket) and more. */
export interface ApiRequest {
  readonly raw: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
  /**
   * The body a parser of the host already read (express.json(), @koa/bodyparser), when it did:
   * the stream is used up, so this stands in for it, under the same rules.
   */
  readonly parsedBody?: ParsedBody | undefined;
  /** Names the request in the log lines about it; undefined when the host gave it none. */
  readonly id: string | undefined;
}

export type Method = "GET" | "POST" | "DELETE";

/** What a route checks before its own logic runs: the OpenAPI document is written from this too. */
export interface RouteContract {
  readonly body?: z.ZodType | undefined;
  readonly session?: boolean | undefined;
  readonly issuesSession?: boolean | undefined;
}

export interface ResponseDoc {
  readonly description: string;
  readonly body?: z.ZodType;
  /** Headers this answer always carries, beyond the ones every answer has. */
  readonly headers?: readonly ("Set-Cookie" | "Retry-After")[];
}

export interface RouteDoc {
  readonly summary: string;
  readonly tag: "users" | "sessions" | "operations" | (string & {});
  /** The route's own answers; the shared ones (400, 401, 403, 413, 415, 503...) follow from its contract. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

export interface Route {
  readonly method: Method;
  /** In the syntax both Express and @koa/router read, e.g. /api/sessions/:id */
  readonly path: string;
  readonly contract: RouteContract;
  readonly doc: RouteDoc;
  readonly handle: (request: ApiRequest) => Promise<HttpResponse>;
}

export interface RouteGroup {
  readonly path: string;
  readonly routes: readonly Route[];
}

/** Routes by path, in table order: a framework registers a path's methods, then its 405 for the rest. */
export function groupByPath(routes: readonly Route[]): RouteGroup[] {
  const groups = new Map<string, Route[]>();
  for (const route of routes) groups.set(route.path, [...(groups.get(route.path) ?? []), route]);
  return [...groups].map(([path, grouped]) => ({ path, routes: grouped }));
}

/** The name of the router method that registers a route, in Express and @koa/router alike. */
export function routerMethod(route: Pick<Route, "method">): Lowercase<Method> {
  return route.method.toLowerCase() as Lowercase<Method>;
}

/** The Allow header for a path: GET routes answer HEAD too, in both frameworks. */
export function allowedMethods(routes: readonly Pick<Route, "method">[]): string {
  const methods = routes.flatMap((route) => (route.method === "GET" ? ["GET", "HEAD"] : [route.method]));
  return [...new Set(methods)].join(", ");
}

/**
 * Whether a path has a percent-escape that does not decode. Express refuses such a path before
 * routing, Koa routes it: both answer it alike, as naming nothing (404), whatever the method.
 */
export function hasUndecodablePath(url: string | undefined): boolean {
  if (!url?.includes("%")) return false;
  try {
    decodeURIComponent(url.split("?")[0] as string);
    return false;
  } catch {
    return true;
  }
}
