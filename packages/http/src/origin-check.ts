import type { IncomingMessage } from "node:http";
import { normaliseOrigin, ownOrigin } from "./client.js";
import type { Credentials } from "./credentials.js";
import type { HttpPolicy } from "./policy.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cross-site request forgery defence, beside SameSite=Strict: an unsafe request that carries the
 * session cookie and names a foreign Origin is refused. Requests authenticated by a Bearer header
 * are exempt: no browser adds that header to a cross-site request on its own.
 */
export function isForeignOrigin(request: IncomingMessage, policy: HttpPolicy, credentials: Credentials): boolean {
  if (!UNSAFE.has(request.method ?? "") || !credentials.sessionCookie || credentials.bearer) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const claimed = normaliseOrigin(origin);
  if (!claimed) return true;
  const allowed = policy.allowedOrigins ?? [ownOrigin(request, policy.trustProxyHops)];
  return !allowed.includes(claimed);
}
