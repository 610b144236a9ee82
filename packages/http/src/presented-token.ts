import type { IncomingMessage } from "node:http";
import { readCookie } from "./cookies.js";

export interface PresentedToken {
  readonly token: string;
  /** Where it came from: a cookie that names a dead session is cleared in the answer. */
  readonly via: "cookie";
}

/** The session token a request carries, if any. */
export function presentedToken(request: IncomingMessage, cookieName: string): PresentedToken | null {
  const token = readCookie(request.headers.cookie, cookieName);
  return token ? { token, via: "cookie" } : null;
}
