import type { IncomingMessage } from "node:http";

/** How a new session's token goes back: in a cookie (browsers), or in the body (other clients). */
export type Transport = "cookie" | "bearer";

/** The transport a request asks for with X-Session-Transport; null when it names neither. */
export function requestedTransport(request: IncomingMessage): Transport | null {
  const value = request.headers["x-session-transport"];
  if (value === undefined) return "cookie";
  const asked = (Array.isArray(value) ? value.join(",") : value).trim().toLowerCase();
  return asked === "bearer" || asked === "cookie" ? asked : null;
}
