import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import type { HttpResponse } from "./response.js";

/** A request as both apps hand it over: the Node request (headers, body stream, socket) and path parameters. */
export interface ApiRequest {
  readonly raw: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
  /** Names the request in every log line about it, and in the X-Request-Id answer header. */
  readonly id: string;
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
  readonly tag: "users" | "sessions" | "operations";
  /** The route's own answers; the shared ones (400, 401, 403, 413, 415, 503...) follow from its contract. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
}

export interface Route {
  readonly method: Method;
  /** In the syntax both Express and @koa/router read, e.g. /api/sessions/:id */
  readonly path: string;
  readonly contract: RouteContract;
  /** Absent for routes outside the API (the demo page): the OpenAPI document leaves them out. */
  readonly doc?: RouteDoc;
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

/** The name of the router method that registers a route, in Express and @koa/router alike. */
export function routerMethod(route: Route): Lowercase<Method> {
  return route.method.toLowerCase() as Lowercase<Method>;
}

/** The Allow header for a path: GET routes answer HEAD too, in both frameworks. */
export function allowedMethods(routes: readonly Route[]): string {
  const methods = routes.flatMap((route) => (route.method === "GET" ? ["GET", "HEAD"] : [route.method]));
  return [...new Set(methods)].join(", ");
}
