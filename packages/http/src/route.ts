import type { IncomingMessage } from "node:http";
import type { HttpResponse } from "./response.js";

/** A request as both apps hand it over: the Node request (headers, body stream, socket) and path parameters. */
export interface ApiRequest {
  readonly raw: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
}

export type Method = "GET" | "POST" | "DELETE";

export interface Route {
  readonly method: Method;
  /** In the syntax both Express and @koa/router read, e.g. /api/sessions/:id */
  readonly path: string;
  readonly handle: (request: ApiRequest) => Promise<HttpResponse>;
}

export interface RouteGroup {
  readonly path: string;
  readonly routes: readonly Route[];
}

/** Routes by path, in table order: each app registers a path's methods, then its 405 for the rest. */
export function groupByPath(routes: readonly Route[]): RouteGroup[] {
  const groups = new Map<string, Route[]>();
  for (const route of routes) groups.set(route.path, [...(groups.get(route.path) ?? []), route]);
  return [...groups].map(([path, grouped]) => ({ path, routes: grouped }));
}

/** The Allow header for a path: GET routes answer HEAD too, in both frameworks. */
export function allowedMethods(routes: readonly Route[]): string {
  const methods = routes.flatMap((route) => (route.method === "GET" ? ["GET", "HEAD"] : [route.method]));
  return [...new Set(methods)].join(", ");
}
