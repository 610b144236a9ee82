import type { Authenticate } from "@tessera/domain/authenticate";
import type { Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import type { IncomingMessage } from "node:http";
import { credentialsOf } from "./credentials.js";
import { errorResponse } from "./errors.js";
import { outageResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { isForeignOrigin } from "./origin-check.js";
import type { HttpPolicy } from "./policy.js";
import type { HttpResponse } from "./response.js";
import { applySession } from "./session-transport.js";
import { createSessionLookup } from "./signed-in.js";

/** Who a request is, as a host's own route sees it. */
export interface Auth {
  readonly user: UserProfile;
  readonly session: Session;
}

export type GuardOutcome =
  /** Signed in; `cookies` re-send a renewed session's cookie. */
  | { readonly kind: "signed-in"; readonly auth: Auth; readonly cookies: readonly string[] }
  /** No usable session; `cookies` clear a dead one. Only a reading guard lets this through. */
  | { readonly kind: "anonymous"; readonly cookies: readonly string[] }
  /** Answer this instead of the host's route: 401, 403 foreign_origin, or 503. */
  | { readonly kind: "refused"; readonly response: HttpResponse };

/**
 * The session check behind requireSession and readSession, for a host's own routes, by the
 * contract's rules: cookie or Bearer, the origin check on unsafe methods that carry the cookie,
 * sliding renewal (the cookie goes out again), 503 on a store outage. Answers that depend on a
 * session are never to be stored by a cache: `Cache-Control: no-store` comes with them.
 */
export function createSessionGuard({ authenticate, policy, logger }: { authenticate: Authenticate; policy: HttpPolicy; logger: Logger }) {
  const lookUp = createSessionLookup(authenticate, policy.cookie);
  return async (request: IncomingMessage, required: boolean): Promise<GuardOutcome> => {
    const credentials = credentialsOf(request, policy.cookie);
    if (isForeignOrigin(request, policy, credentials)) {
      // A reading guard treats a forged request as no one's: the host's route runs for a stranger.
      return required ? { kind: "refused", response: errorResponse("forbidden_origin") } : { kind: "anonymous", cookies: [] };
    }
    try {
      const found = await lookUp(credentials);
      if (found.ok) {
        const { signedIn, renewed } = found;
        const cookies = renewed ? (applySession({ status: 200 }, renewed, "cookie", signedIn.presented, policy.cookie).cookies ?? []) : [];
        return { kind: "signed-in", auth: { user: signedIn.user, session: signedIn.session }, cookies };
      }
      return required ? { kind: "refused", response: found.response } : { kind: "anonymous", cookies: found.response.cookies ?? [] };
    } catch (error) {
      const outage = outageResponse(error, logger);
      if (outage) return { kind: "refused", response: outage };
      throw error;
    }
  };
}
