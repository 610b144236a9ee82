import type { Authenticate } from "@tessera/domain/authenticate";
import type { Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import type { z } from "zod";
import { readJsonBody } from "./body.js";
import { clearingCookie } from "./cookies.js";
import { errorResponse, invalidRequest } from "./errors.js";
import { failureResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { isForeignOrigin } from "./origin-check.js";
import type { HttpPolicy } from "./policy.js";
import { bearerToken, carriesCookie, presentedToken, type PresentedToken } from "./presented-token.js";
import type { HttpResponse } from "./response.js";
import type { ApiRequest, RouteContract } from "./route.js";
import { describeIssues } from "./schemas.js";
import { cookieFor } from "./session-cookie.js";
import { requestedTransport, type Transport } from "./transport.js";

export interface SignedIn {
  readonly session: Session;
  readonly user: UserProfile;
  readonly presented: PresentedToken;
}

export interface EndpointDeps {
  readonly authenticate: Authenticate;
  readonly policy: HttpPolicy;
  readonly logger: Logger;
}

interface Spec<Schema extends z.ZodType | undefined, NeedsSession extends boolean> {
  readonly body?: Schema;
  readonly session?: NeedsSession;
  /** The route starts a session: it honours X-Session-Transport. */
  readonly issuesSession?: boolean;
}

type Handler<Schema, NeedsSession> = (context: {
  request: ApiRequest;
  body: Schema extends z.ZodType ? z.output<Schema> : undefined;
  signedIn: NeedsSession extends true ? SignedIn : null;
  transport: Transport;
}) => Promise<HttpResponse>;

/**
 * Wraps a route's own logic in the checks every route shares, in the contract's order: foreign
 * origin (403), body too large / not JSON / malformed, no valid session (401), invalid fields (400),
 * then the route. Whatever is thrown becomes the one failure answer.
 */
export function createEndpoint({ authenticate, policy, logger }: EndpointDeps) {
  const cookie = policy.cookie;
  return function endpoint<Schema extends z.ZodType | undefined = undefined, NeedsSession extends boolean = false>(
    spec: Spec<Schema, NeedsSession>,
    handler: Handler<Schema, NeedsSession>,
  ): { contract: RouteContract; handle: (request: ApiRequest) => Promise<HttpResponse> } {
    const contract = { body: spec.body, session: spec.session, issuesSession: spec.issuesSession };
    const handle = async (request: ApiRequest): Promise<HttpResponse> => {
      try {
        const { raw } = request;
        if (isForeignOrigin(raw, policy, carriesCookie(raw, cookie.name), bearerToken(raw) !== null)) {
          return errorResponse("forbidden_origin");
        }

        let json: unknown;
        if (spec.body) {
          const read = await readJsonBody(raw);
          if (!read.ok) return read.response;
          json = read.value;
        }

        let signedIn: SignedIn | null = null;
        let fresh = false;
        if (spec.session) {
          const presented = presentedToken(raw, cookie.name);
          if (!presented) return errorResponse("unauthorized");
          const outcome = await authenticate(presented.token);
          if (!outcome.ok) {
            return errorResponse("unauthorized", presented.via === "cookie" ? { cookies: [clearingCookie(cookie)] } : {});
          }
          signedIn = { session: outcome.session, user: outcome.user, presented };
          fresh = outcome.fresh;
        }

        const problems: string[] = [];
        let body: unknown;
        if (spec.body) {
          const parsed = spec.body.safeParse(json);
          if (parsed.success) body = parsed.data;
          else problems.push(...describeIssues(parsed.error));
        }
        const asked = spec.issuesSession ? requestedTransport(raw) : "cookie";
        if (asked === null) problems.push("X-Session-Transport must be cookie or bearer");
        if (problems.length) return invalidRequest(problems);

        // A new token goes back the way the credential came: a client that authenticated with a
        // Bearer token gets it in the body, never in a cookie.
        const transport: Transport = signedIn?.presented.via === "bearer" ? "bearer" : (asked ?? "cookie");
        const context = { request, body, signedIn, transport };
        const response = await handler(context as Parameters<Handler<Schema, NeedsSession>>[0]);
        // A renewed session re-sends its cookie, unless the route set cookies itself or the client uses bearer.
        if (fresh && signedIn?.presented.via === "cookie" && !response.cookies?.length) {
          return { ...response, cookies: [cookieFor(cookie, signedIn.presented.token, signedIn.session)] };
        }
        return response;
      } catch (error) {
        return failureResponse(error, logger);
      }
    };
    return { contract, handle };
  };
}
