import type { Auth } from "@tessera/domain/auth";
import type { Session } from "@tessera/domain/session";
import type { IncomingMessage } from "node:http";
import { clientAddress } from "./client.js";
import { clearingCookie } from "./cookies.js";
import { createEndpoint, type SignedIn } from "./endpoint.js";
import { errorResponse } from "./errors.js";
import { failureResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { MESSAGES } from "./messages.js";
import { refusal, sessionStarted } from "./outcomes.js";
import type { HttpPolicy } from "./policy.js";
import { json, type HttpResponse } from "./response.js";
import { allowedMethods, type Route } from "./route.js";
import { LoginBody, PasswordChangeBody, RegisterBody } from "./schemas.js";

export interface HttpApiDeps {
  readonly auth: Auth;
  readonly policy: HttpPolicy;
  /** Whether the store answers; /readyz reports it. */
  readonly isReady: () => Promise<boolean>;
  readonly logger: Logger;
}

export interface HttpApi {
  readonly routes: readonly Route[];
  notFound(): HttpResponse;
  methodNotAllowed(routesAtPath: readonly Route[]): HttpResponse;
  failure(error: unknown): HttpResponse;
}

const USER_AGENT_LIMIT = 512;

/** Every route of the contract, framework-free. Each app mounts these and adds nothing. */
export function createHttpApi(deps: HttpApiDeps): HttpApi {
  const { auth, policy, logger } = deps;
  const { cookie } = policy;
  const endpoint = createEndpoint({ authenticate: auth.authenticate, policy, logger });
  /** Cookies end with the session only for cookie clients; a bearer client gets none. */
  const clearFor = (signedIn: SignedIn) => (signedIn.presented.via === "cookie" ? { cookies: [clearingCookie(cookie)] } : {});

  const routes: Route[] = [
    {
      method: "POST",
      path: "/api/users/register",
      handle: endpoint({ body: RegisterBody, issuesSession: true }, async ({ request, body, transport }) => {
        const outcome = await auth.register({ ...body, userAgent: userAgent(request.raw) });
        return outcome.ok ? sessionStarted(201, MESSAGES.register, outcome, transport, cookie) : refusal(outcome);
      }),
    },
    {
      method: "POST",
      path: "/api/users/login",
      handle: endpoint({ body: LoginBody, issuesSession: true }, async ({ request, body, transport }) => {
        const outcome = await auth.login({
          ...body,
          userAgent: userAgent(request.raw),
          clientAddress: clientAddress(request.raw, policy.trustProxyHops),
        });
        return outcome.ok ? sessionStarted(200, MESSAGES.login, outcome, transport, cookie) : refusal(outcome);
      }),
    },
    {
      method: "POST",
      path: "/api/users/logout",
      handle: endpoint({ session: true }, async ({ signedIn }) => {
        await auth.logout(signedIn.session);
        return { status: 200, body: MESSAGES.logout, ...clearFor(signedIn) };
      }),
    },
    {
      method: "GET",
      path: "/api/users/me",
      handle: endpoint({ session: true }, async ({ signedIn: { user } }) =>
        json(200, { user: { id: user.id, email: user.email, createdAt: user.createdAt } }),
      ),
    },
    {
      method: "POST",
      path: "/api/users/password",
      handle: endpoint(
        { body: PasswordChangeBody, session: true, issuesSession: true },
        async ({ request, body, signedIn, transport }) => {
          const outcome = await auth.changePassword({ ...body, session: signedIn.session, userAgent: userAgent(request.raw) });
          if (outcome.ok) return sessionStarted(200, MESSAGES.password, outcome, transport, cookie);
          // Signed in but the wrong current password: refused (403), not unauthenticated (401).
          if (outcome.error === "invalid_credentials") {
            return errorResponse("invalid_credentials", { status: 403, detail: "The current password is incorrect" });
          }
          return refusal(outcome);
        },
      ),
    },
    {
      method: "GET",
      path: "/api/sessions",
      handle: endpoint({ session: true }, async ({ signedIn }) => {
        const sessions = await auth.listSessions(signedIn.user.id);
        return json(200, { sessions: sessions.map((session) => describeSession(session, signedIn.session.id)) });
      }),
    },
    {
      method: "DELETE",
      path: "/api/sessions",
      handle: endpoint({ session: true }, async ({ signedIn }) =>
        json(200, { revoked: await auth.revokeOtherSessions(signedIn.user.id, signedIn.session.id) }),
      ),
    },
    {
      method: "DELETE",
      path: "/api/sessions/:id",
      handle: endpoint({ session: true }, async ({ request, signedIn }) => {
        const id = request.params.id ?? "";
        // Another user's session is answered exactly like a missing one.
        if (!(await auth.revokeSession(signedIn.user.id, id))) return errorResponse("not_found", { detail: "No such session" });
        return { status: 204, ...(id === signedIn.session.id ? clearFor(signedIn) : {}) };
      }),
    },
    {
      method: "GET",
      path: "/healthz",
      handle: async () => json(200, { status: "ok" }),
    },
    {
      method: "GET",
      path: "/readyz",
      handle: async () => {
        const ready = await deps.isReady().catch(() => false);
        return ready ? json(200, { status: "ready" }) : errorResponse("store_unavailable");
      },
    },
  ];

  return {
    routes,
    notFound: () => errorResponse("not_found"),
    methodNotAllowed: (routesAtPath) => errorResponse("method_not_allowed", { headers: { Allow: allowedMethods(routesAtPath) } }),
    failure: (error) => failureResponse(error, logger),
  };
}

/** What a user may see of a session: never its token or digest. */
function describeSession(session: Session, currentId: string) {
  const { id, createdAt, lastUsedAt, expiresAt, userAgent } = session;
  return { id, createdAt, lastUsedAt, expiresAt, userAgent, current: id === currentId };
}

function userAgent(request: IncomingMessage): string | null {
  const value = request.headers["user-agent"];
  return value ? value.slice(0, USER_AGENT_LIMIT) : null;
}
