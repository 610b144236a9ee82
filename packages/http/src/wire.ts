import type { HttpResponse } from "./response.js";

export interface WireResponse {
  readonly status: number;
  /** In the order they are to be set, so that every framework writes them alike. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | undefined;
}

/**
 * The status, headers and bytes of an answer; the framework adds its own framing (Content-Length)
 * as it sends them. Built in one pass: this runs for every request.
 */
export function toWire(response: HttpResponse): WireResponse {
  const headers: Record<string, string | readonly string[]> = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
  let body: string | undefined;
  if (response.text) {
    body = response.text.content;
    headers["Content-Type"] = response.text.contentType;
  } else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  if (response.headers) for (const name in response.headers) headers[name] = response.headers[name] as string;
  if (response.cookies?.length) headers["Set-Cookie"] = response.cookies;
  return { status: response.status, headers, body };
}
