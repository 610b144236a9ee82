import type { HttpResponse } from "./response.js";

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | undefined;
}

/**
 * The exact status, headers and bytes to send. Both apps write this and nothing of their own.
 * Built in one pass: this runs for every request.
 */
export function toWire(response: HttpResponse, requestId: string): WireResponse {
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
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  if (response.cookies?.length) headers["Set-Cookie"] = response.cookies;
  if (response.headers) for (const name in response.headers) headers[name] = response.headers[name] as string;
  headers["X-Request-Id"] = requestId;
  return { status: response.status, headers, body };
}
