import type { Authenticate } from "@tessera/domain/authenticate";
import type { Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import { clearingCookie, type CookieSettings } from "./cookies.js";
import type { Credentials, PresentedToken } from "./credentials.js";
import { errorResponse } from "./errors.js";
import type { HttpResponse } from "./response.js";
import type { SessionEffect } from "./session-transport.js";

export interface SignedIn {
  readonly session: Session;
  readonly user: UserProfile;
  readonly presented: PresentedToken;
}

export type SessionLookup =
  | { readonly ok: true; readonly signedIn: SignedIn; readonly renewed: SessionEffect | null }
  /** Nothing presented (answer: 401 without a cookie), or a dead session (401 with a clearing cookie). */
  | { readonly ok: false; readonly presented: boolean; readonly response: HttpResponse };

/**
 * The session a request's credentials name, checked as every route and guard checks it: one store
 * read, and a renewal when it is due (the cookie goes out again). A dead cookie is cleared.
 */
export function createSessionLookup(authenticate: Authenticate, cookie: CookieSettings) {
  return async (credentials: Credentials): Promise<SessionLookup> => {
    const presented = credentials.session;
    if (!presented) return { ok: false, presented: false, response: errorResponse("unauthorized") };
    const outcome = await authenticate(presented.token);
    if (!outcome.ok) {
      const clearing = presented.via === "cookie" ? { cookies: [clearingCookie(cookie)] } : {};
      return { ok: false, presented: true, response: errorResponse("unauthorized", clearing) };
    }
    const signedIn = { session: outcome.session, user: outcome.user, presented };
    return { ok: true, signedIn, renewed: outcome.fresh ? { renewed: { token: presented.token, session: outcome.session } } : null };
  };
}
