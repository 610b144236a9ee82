import type { IncomingMessage } from "node:http";
import { errorResponse } from "./errors.js";
import type { HttpResponse } from "./response.js";
import { allowedMethods, groupByPath, type Route } from "./route.js";

/**
 * For the error handlers a host puts after its body parser: when the parser refused a body sent to
 * one of Tessera's paths, the answer Tessera gives when it reads the body itself. A parser that
 * kept the text it could not take (body-parser, co-body: strict mode, a __proto__ key) has it
 * judged here, and the route runs on it; one that kept nothing is answered by the refusal's kind.
 * A method the path does not take is a 405 first. Null for anything that is no such refusal.
 */
export function createBodyRefusal(routes: readonly Route[]) {
  const groups = groupByPath(routes).map((group) => ({ ...group, pattern: pathPattern(group.path), allow: allowedMethods(group.routes) }));
  return async (request: IncomingMessage, path: string, error: unknown): Promise<HttpResponse | null> => {
    const group = groups.find((each) => each.pattern.regex.test(path));
    if (!group) return null;
    const refusal = parserRefusal(request, error);
    if (!refusal) return null;
    const method = request.method === "HEAD" ? "GET" : request.method;
    const route = group.routes.find((each) => each.method === method);
    if (!route) return errorResponse("method_not_allowed", { headers: { Allow: group.allow } });
    const text = (error as { body?: unknown }).body;
    if (refusal.status !== 400 || typeof text !== "string") return refusal;
    const values = group.pattern.regex.exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(group.pattern.names.map((name, i) => [name, decodeURIComponent(values[i] ?? "")]));
    return route.handle({ raw: request, params, parsedBody: { value: undefined, raw: text }, id: undefined });
  };
}

function pathPattern(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((part) => (part.startsWith(":") ? (names.push(part.slice(1)), "([^/]+)") : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return { regex: new RegExp(`^${source}$`), names };
}

/**
 * What Tessera answers for a body that a host's own parser (body-parser, co-body) refused before
 * Tessera saw it, by the contract's rules: a compressed body 415, too large 413, a charset it does
 * not read 415; text that is not JSON 400 invalid_json, and JSON that is not an object (which those
 * parsers refuse in their strict mode) 400 invalid_request, as Tessera answers when it reads the
 * body itself. Null for an error that is no parser's refusal.
 */
export function parserRefusal(request: IncomingMessage, error: unknown): HttpResponse | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, statusCode, body } = error as { status?: unknown; statusCode?: unknown; body?: unknown };
  // Tessera takes no compressed body: whatever the parser made of one (a broken gzip stream), 415.
  const encoding = request.headers["content-encoding"];
  if (encoding && encoding.toLowerCase() !== "identity") return errorResponse("unsupported_media_type");
  const code = typeof status === "number" ? status : statusCode;
  if (code !== 400 && code !== 413 && code !== 415) return null;
  if (code === 413) return errorResponse("payload_too_large");
  if (code === 415) return errorResponse("unsupported_media_type");
  if (typeof body === "string" && parses(body)) {
    return errorResponse("invalid_request", { detail: "The request body must be a JSON object" });
  }
  return errorResponse("invalid_json");
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
