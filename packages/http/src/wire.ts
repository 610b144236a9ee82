import type { HttpResponse } from "./response.js";

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | undefined;
}

/** The exact status, headers and bytes to send. Both apps write this and nothing of their own. */
export function toWire(response: HttpResponse): WireResponse {
  const headers: Record<string, string | readonly string[]> = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
  let body: string | undefined;
  if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  if (response.cookies?.length) headers["Set-Cookie"] = response.cookies;
  return { status: response.status, headers: { ...headers, ...response.headers }, body };
}
