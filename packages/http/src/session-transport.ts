import type { IncomingMessage } from "node:http";
import type { IssuedSession } from "@tessera/domain/start-session";
import type { Session } from "@tessera/domain/session";
import { clearingCookie, deviceCookie, sessionCookie, type CookieSettings } from "./cookies.js";
import type { PresentedToken } from "./credentials.js";
import type { HttpResponse } from "./response.js";

/**
 * What a route did to the session, said once; this module alone turns it into what the client gets:
 * Set-Cookie for browsers, the token in the body for bearer clients.
 */
export type SessionEffect =
  | { readonly started: IssuedSession }
  | { readonly ended: true }
  | { readonly renewed: { readonly token: string; readonly session: Session } };

/** How a new token goes back: in a cookie (browsers), or in the body (other clients). */
export type Transport = "cookie" | "bearer";

export function applySession(
  response: HttpResponse,
  effect: SessionEffect,
  transport: Transport,
  presented: PresentedToken | null,
  settings: CookieSettings,
): HttpResponse {
  if ("started" in effect) {
    const { token, session, device } = effect.started;
    if (transport === "bearer") {
      return {
        ...response,
        body: { ...(response.body as object), token },
        ...(device && { headers: { ...response.headers, "X-Device-Token": device.token } }),
      };
    }
    const cookies = [cookieFor(settings, token, session)];
    if (device) cookies.push(deviceCookie(settings, device.token, (device.expiresAt.getTime() - device.createdAt.getTime()) / 1000));
    return { ...response, cookies };
  }
  // A bearer client gets no cookies at all: not when its session ends, not when it renews.
  if (presented?.via !== "cookie") return response;
  if ("ended" in effect) return { ...response, cookies: [clearingCookie(settings)] };
  return { ...response, cookies: [cookieFor(settings, effect.renewed.token, effect.renewed.session)] };
}

/**
 * The cookie's Max-Age is the session's time left, measured from the moment the session was last
 * written (created or renewed): a new session's cookie carries exactly the full lifetime.
 */
export function cookieFor(settings: CookieSettings, token: string, session: Session): string {
  const secondsLeft = (session.expiresAt.getTime() - session.lastUsedAt.getTime()) / 1000;
  return sessionCookie(settings, token, secondsLeft);
}

/** The transport a request asks for with X-Session-Transport; null when it names neither. */
export function requestedTransport(request: IncomingMessage): Transport | null {
  const value = request.headers["x-session-transport"];
  if (value === undefined) return "cookie";
  const asked = (Array.isArray(value) ? value.join(",") : value).trim().toLowerCase();
  return asked === "bearer" || asked === "cookie" ? asked : null;
}
