import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/*
 * What a request says about its client. Forwarded headers are believed only from the number of
 * proxies configured (trustProxyHops): anyone can send them, so by default the socket decides.
 */

/** The client's address: the socket's peer, or the entry `hops` from the right of X-Forwarded-For. */
export function clientAddress(request: IncomingMessage, trustProxyHops: number): string | null {
  const peer = request.socket.remoteAddress ?? null;
  if (trustProxyHops === 0) return peer;
  const forwarded = headerList(request.headers["x-forwarded-for"]);
  const chain = [...forwarded, ...(peer ? [peer] : [])];
  return chain[Math.max(0, chain.length - 1 - trustProxyHops)] ?? null;
}

/** The origin the client addressed: scheme and host, as seen before any trusted proxy. */
export function ownOrigin(request: IncomingMessage, trustProxyHops: number): string | null {
  const encrypted = (request.socket as TLSSocket).encrypted === true;
  const scheme = (trustProxyHops > 0 && headerList(request.headers["x-forwarded-proto"])[0]) || (encrypted ? "https" : "http");
  const host = (trustProxyHops > 0 && headerList(request.headers["x-forwarded-host"])[0]) || request.headers.host;
  return host ? normaliseOrigin(`${scheme}://${host}`) : null;
}

/** scheme://host[:port], lower-cased, default port dropped; null for anything that is not an http(s) origin. */
export function normaliseOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
