import type { Authenticate } from "@tessera/domain/authenticate";
import type { z } from "zod";
import { readJsonBody } from "./body.js";
import { credentialsOf, type Credentials } from "./credentials.js";
import { errorResponse, invalidRequest } from "./errors.js";
import { outageResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { isForeignOrigin } from "./origin-check.js";
import type { HttpPolicy } from "./policy.js";
import type { HttpResponse } from "./response.js";
import type { ApiRequest, RouteContract } from "./route.js";
import { describeIssues } from "./schemas.js";
import { applySession, requestedTransport, type SessionEffect, type Transport } from "./session-transport.js";
import { createSessionLookup, type SignedIn } from "./signed-in.js";

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

/** A route's answer, and what it did to the session: the transport module says how the client hears of it. */
export type RouteAnswer = HttpResponse & { readonly session?: SessionEffect };

type Handler<Schema, NeedsSession> = (context: {
  request: ApiRequest;
  body: Schema extends z.ZodType ? z.output<Schema> : undefined;
  signedIn: NeedsSession extends true ? SignedIn : null;
  credentials: Credentials;
}) => Promise<RouteAnswer>;

/**
 * Wraps a route's own logic in the checks every route shares, in the contract's order: foreign
 * origin (403), body too large / not JSON / malformed, no valid session (401), invalid fields (400),
 * then the route. A store outage becomes 503; anything else thrown goes on to the host.
 */
export function createEndpoint({ authenticate, policy, logger }: EndpointDeps) {
  const { cookie } = policy;
  const lookUp = createSessionLookup(authenticate, cookie);
  return function endpoint<Schema extends z.ZodType | undefined = undefined, NeedsSession extends boolean = false>(
    spec: Spec<Schema, NeedsSession>,
    handler: Handler<Schema, NeedsSession>,
  ): { contract: RouteContract; handle: (request: ApiRequest) => Promise<HttpResponse> } {
    const contract = { body: spec.body, session: spec.session, issuesSession: spec.issuesSession };
    const handle = async (request: ApiRequest): Promise<HttpResponse> => {
      try {
        const { raw } = request;
        const credentials = credentialsOf(raw, cookie);
        if (isForeignOrigin(raw, policy, credentials)) return errorResponse("forbidden_origin");

        let json: unknown;
        if (spec.body) {
          const read = await readJsonBody(raw, request.parsedBody);
          if (!read.ok) return read.response;
          json = read.value;
        }

        let signedIn: SignedIn | null = null;
        let renewed: SessionEffect | null = null;
        if (spec.session) {
          const found = await lookUp(credentials);
          if (!found.ok) return found.response;
          ({ signedIn, renewed } = found);
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

        const context = { request, body, signedIn, credentials };
        const { session: effect, ...answer } = await handler(context as Parameters<Handler<Schema, NeedsSession>>[0]);
        // What the route did to the session wins over a renewal that came with the request.
        const applied = effect ?? renewed;
        if (!applied) return answer;
        // A new token goes back the way the credential came: a Bearer client gets it in the body, never a cookie.
        const transport: Transport = signedIn?.presented.via === "bearer" ? "bearer" : (asked ?? "cookie");
        return applySession(answer, applied, transport, signedIn?.presented ?? null, cookie);
      } catch (error) {
        const outage = outageResponse(error, logger);
        if (outage) return outage;
        throw error;
      }
    };
    return { contract, handle };
  };
}
