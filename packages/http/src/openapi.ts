import { z } from "zod";
import { ErrorEnvelope } from "./response-schemas.js";
import type { ResponseDoc, Route } from "./route.js";

/*
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas the apps
 * validate with: there is no second, hand-written copy to drift from the code.
 */

const json = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
  return rest;
};

const ALWAYS = { "Cache-Control": { required: true, schema: { type: "string", const: "no-store" } } };
const HEADERS = {
  "Retry-After": { required: true, description: "Whole seconds to wait", schema: { type: "string", pattern: "^[0-9]+$" } },
  "Set-Cookie": { required: false, description: "The session cookie, or a clearing one", schema: { type: "string" } },
};

/** The answers every route of a kind shares, beside its own. */
function sharedResponses(route: DocumentedRoute): Record<number, ResponseDoc> {
  const { body, session } = route.contract;
  const shared: Record<number, ResponseDoc> = {};
  if (body) {
    shared[400] = { description: "Malformed JSON (invalid_json) or invalid fields (invalid_request)", body: ErrorEnvelope };
    shared[413] = { description: "The body is larger than 16 KiB (payload_too_large)", body: ErrorEnvelope };
    shared[415] = { description: "The body is not application/json in UTF-8 (unsupported_media_type)", body: ErrorEnvelope };
  }
  if (session) shared[401] = { description: "No valid session (unauthorized); a dead cookie is cleared", body: ErrorEnvelope };
  if (route.method !== "GET") shared[403] = { description: "A foreign Origin on a request with the session cookie (forbidden_origin)", body: ErrorEnvelope };
  if (body || session) {
    shared[404] = { description: "The path names nothing (not_found)", body: ErrorEnvelope };
    shared[503] = {
      description:
        "The store cannot be reached (store_unavailable); retry shortly. A write sent just before the store stopped answering may still have been made: a retried register can then answer 409, and logging in tells",
      body: ErrorEnvelope,
    };
  }
  shared[500] = { description: "A bug on our side (internal_error), never with details", body: ErrorEnvelope };
  return shared;
}

function response(doc: ResponseDoc) {
  const headers = { ...ALWAYS, "Set-Cookie": HEADERS["Set-Cookie"], ...Object.fromEntries((doc.headers ?? []).map((name) => [name, HEADERS[name]])) };
  return {
    description: doc.description,
    headers,
    ...(doc.body && { content: { "application/json": { schema: json(doc.body, "output") } } }),
  };
}

/** A route as the document needs it: Tessera's, or one a host documents beside them. */
export type DocumentedRoute = Pick<Route, "method" | "path" | "contract" | "doc">;

function operation(route: DocumentedRoute) {
  const { contract, doc } = route;
  const responses = { ...sharedResponses(route), ...doc.responses };
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const transport = contract.issuesSession
    ? [
        {
          name: "X-Session-Transport",
          in: "header",
          required: false,
          description: "bearer: the new token comes back in the body and no cookie is set",
          schema: { type: "string", enum: ["cookie", "bearer"] },
        },
      ]
    : [];
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, "")}`,
    summary: doc.summary,
    tags: [doc.tag],
    ...(contract.session ? { security: [{ sessionCookie: [] }, { bearerToken: [] }] } : { security: [] }),
    parameters: [...pathParameters, ...transport],
    ...(contract.body && {
      requestBody: { required: true, content: { "application/json": { schema: json(contract.body, "input") } } },
    }),
    responses: Object.fromEntries(Object.entries(responses).map(([status, entry]) => [status, response(entry)])),
  };
}

const TAGS: Readonly<Record<string, string>> = {
  users: "Accounts and signing in",
  sessions: "The signed-in user's sessions",
  operations: "Probes and this document",
};

/** The OpenAPI 3.1 document of Tessera's routes and any the host documents beside them. */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[], cookieName: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const tags = [...new Set(routes.map((route) => route.doc.tag))].map((name) => ({ name, ...(TAGS[name] && { description: TAGS[name] }) }));
  return {
    openapi: "3.1.0",
    info: {
      title: "Tessera",
      version: "0.1.0",
      description: "Email + password accounts and server-side sessions. The Express app and the Koa app serve this alike.",
    },
    tags,
    paths,
    components: {
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: cookieName },
        bearerToken: { type: "http", scheme: "bearer", description: "The token from X-Session-Transport: bearer" },
      },
    },
  };
}
