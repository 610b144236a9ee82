import type { IncomingMessage } from "node:http";
import { deviceCookieName, parseCookies, type CookieSettings } from "./cookies.js";

export interface PresentedToken {
  readonly token: string;
  /** How the token came: a new or renewed one goes back the same way, and only a cookie is ever cleared. */
  readonly via: "cookie" | "bearer";
}

/** What a request carries to say who it is: read once per request, the Cookie header parsed once. */
export interface Credentials {
  /** The session token: an Authorization Bearer header first, else the session cookie. */
  readonly session: PresentedToken | null;
  /** The session cookie is there (whether or not a Bearer header wins): what the origin check looks at. */
  readonly sessionCookie: boolean;
  /** An Authorization Bearer header is there: the origin check does not apply (no browser adds one cross-site). */
  readonly bearer: boolean;
  /** The device token: the X-Device-Token header (clients that are not browsers), else the device cookie. */
  readonly device: string | null;
}

const BEARER = /^Bearer +(\S+) *$/i;

export function credentialsOf(request: IncomingMessage, settings: CookieSettings): Credentials {
  const bearer = request.headers.authorization?.match(BEARER)?.[1] ?? null;
  const cookieHeader = request.headers.cookie;
  // Most requests carry no cookie, or only ours: the parse is skipped when there is nothing to find.
  const cookies = cookieHeader ? parseCookies(cookieHeader) : EMPTY;
  const cookie = cookies.get(settings.name) || null;
  const deviceHeader = request.headers["x-device-token"];
  const device = (typeof deviceHeader === "string" && deviceHeader.trim()) || cookies.get(deviceCookieName(settings)) || null;
  return {
    session: bearer !== null ? { token: bearer, via: "bearer" } : cookie !== null ? { token: cookie, via: "cookie" } : null,
    sessionCookie: cookies.has(settings.name),
    bearer: bearer !== null,
    device,
  };
}

const EMPTY: ReadonlyMap<string, string> = new Map();
