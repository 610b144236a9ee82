import type { IncomingMessage } from "node:http";
import { deviceCookieName, readCookie, type CookieSettings } from "./cookies.js";

export interface PresentedToken {
  readonly token: string;
  /** A cookie naming a dead session is cleared in the answer; a bearer client gets no cookies at all. */
  readonly via: "cookie" | "bearer";
}

const BEARER = /^Bearer +(\S+) *$/i;

/** The session token a request carries: an Authorization Bearer header first, else the cookie. */
export function presentedToken(request: IncomingMessage, cookieName: string): PresentedToken | null {
  const bearer = bearerToken(request);
  if (bearer !== null) return { token: bearer, via: "bearer" };
  const token = readCookie(request.headers.cookie, cookieName);
  return token ? { token, via: "cookie" } : null;
}

export function bearerToken(request: IncomingMessage): string | null {
  const match = request.headers.authorization?.match(BEARER);
  return match?.[1] ?? null;
}

export function carriesCookie(request: IncomingMessage, cookieName: string): boolean {
  return readCookie(request.headers.cookie, cookieName) !== undefined;
}

/** The device token a client holds: the X-Device-Token header (clients that are not browsers), else the device cookie. */
export function presentedDeviceToken(request: IncomingMessage, settings: CookieSettings): string | null {
  const header = request.headers["x-device-token"];
  if (typeof header === "string" && header) return header.trim();
  return readCookie(request.headers.cookie, deviceCookieName(settings)) || null;
}
