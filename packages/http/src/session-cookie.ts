import type { IssuedSession } from "@tessera/domain/start-session";
import type { Session } from "@tessera/domain/session";
import { sessionCookie, type CookieSettings } from "./cookies.js";

/**
 * The cookie's Max-Age is the session's time left, measured from the moment the session was last
 * written (created or renewed): a new session's cookie carries exactly the full lifetime.
 */
export function cookieFor(settings: CookieSettings, token: string, session: Session): string {
  const secondsLeft = (session.expiresAt.getTime() - session.lastUsedAt.getTime()) / 1000;
  return sessionCookie(settings, token, secondsLeft);
}

export function issuedCookie(settings: CookieSettings, issued: IssuedSession): string {
  return cookieFor(settings, issued.token, issued.session);
}
