import type { Authenticate } from "@tessera/domain/authenticate";
import type { Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import type { z } from "zod";
import { readJsonBody } from "./body.js";
import { clearingCookie, type CookieSettings } from "./cookies.js";
import { errorResponse, invalidRequest } from "./errors.js";
import { failureResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { presentedToken, type PresentedToken } from "./presented-token.js";
import type { HttpResponse } from "./response.js";
import type { ApiRequest } from "./route.js";
import { describeIssues } from "./schemas.js";
import { cookieFor } from "./session-cookie.js";

export interface SignedIn {
  readonly session: Session;
  readonly user: UserProfile;
  readonly presented: PresentedToken;
}

export interface EndpointDeps {
  readonly authenticate: Authenticate;
  readonly cookie: CookieSettings;
  readonly logger: Logger;
}

interface Spec<Schema extends z.ZodType | undefined, NeedsSession extends boolean> {
  readonly body?: Schema;
  readonly session?: NeedsSession;
}

type Handler<Schema, NeedsSession> = (context: {
  request: ApiRequest;
  body: Schema extends z.ZodType ? z.output<Schema> : undefined;
  signedIn: NeedsSession extends true ? SignedIn : null;
}) => Promise<HttpResponse>;

/**
 * Wraps a route's own logic in the checks every route shares, in the contract's order: body too
 * large / not JSON / malformed, then no valid session (401), then invalid fields (400), then the
 * route. Whatever is thrown becomes the one failure answer.
 */
export function createEndpoint(deps: EndpointDeps) {
  return function endpoint<Schema extends z.ZodType | undefined = undefined, NeedsSession extends boolean = false>(
    spec: Spec<Schema, NeedsSession>,
    handler: Handler<Schema, NeedsSession>,
  ): (request: ApiRequest) => Promise<HttpResponse> {
    return async (request) => {
      try {
        let raw: unknown;
        if (spec.body) {
          const read = await readJsonBody(request.raw);
          if (!read.ok) return read.response;
          raw = read.value;
        }

        let signedIn: SignedIn | null = null;
        let fresh = false;
        if (spec.session) {
          const presented = presentedToken(request.raw, deps.cookie.name);
          if (!presented) return errorResponse("unauthorized");
          const outcome = await deps.authenticate(presented.token);
          if (!outcome.ok) return errorResponse("unauthorized", { cookies: [clearingCookie(deps.cookie)] });
          signedIn = { session: outcome.session, user: outcome.user, presented };
          fresh = outcome.fresh;
        }

        let body: unknown;
        if (spec.body) {
          const parsed = spec.body.safeParse(raw);
          if (!parsed.success) return invalidRequest(describeIssues(parsed.error));
          body = parsed.data;
        }

        const response = await handler({ request, body, signedIn } as Parameters<Handler<Schema, NeedsSession>>[0]);
        // A renewed session re-sends its cookie, unless the route set the cookie itself (logout).
        if (fresh && signedIn && !response.cookies?.length) {
          return { ...response, cookies: [cookieFor(deps.cookie, signedIn.presented.token, signedIn.session)] };
        }
        return response;
      } catch (error) {
        return failureResponse(error, deps.logger);
      }
    };
  };
}
