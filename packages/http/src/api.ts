import type { Auth } from "@tessera/domain/auth";
import type { IncomingMessage } from "node:http";
import { clearingCookie, type CookieSettings } from "./cookies.js";
import { createEndpoint } from "./endpoint.js";
import { errorResponse } from "./errors.js";
import { failureResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { MESSAGES } from "./messages.js";
import { refusal, sessionStarted } from "./outcomes.js";
import { json, type HttpResponse } from "./response.js";
import { allowedMethods, type Route } from "./route.js";
import { LoginBody, RegisterBody } from "./schemas.js";

export interface HttpApiDeps {
  readonly auth: Auth;
  readonly cookie: CookieSettings;
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
  const { auth, cookie, logger } = deps;
  const endpoint = createEndpoint({ authenticate: auth.authenticate, cookie, logger });

  const routes: Route[] = [
    {
      method: "POST",
      path: "/api/users/register",
      handle: endpoint({ body: RegisterBody }, async ({ request, body }) => {
        const outcome = await auth.register({ ...body, userAgent: userAgent(request.raw) });
        return outcome.ok ? sessionStarted(201, MESSAGES.register, outcome, cookie) : refusal(outcome.error);
      }),
    },
    {
      method: "POST",
      path: "/api/users/login",
      handle: endpoint({ body: LoginBody }, async ({ request, body }) => {
        const outcome = await auth.login({ ...body, userAgent: userAgent(request.raw) });
        return outcome.ok ? sessionStarted(200, MESSAGES.login, outcome, cookie) : refusal(outcome.error);
      }),
    },
    {
      method: "POST",
      path: "/api/users/logout",
      handle: endpoint({ session: true }, async ({ signedIn }) => {
        await auth.logout(signedIn.session);
        return { status: 200, body: MESSAGES.logout, cookies: [clearingCookie(cookie)] };
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

function userAgent(request: IncomingMessage): string | null {
  const value = request.headers["user-agent"];
  return value ? value.slice(0, USER_AGENT_LIMIT) : null;
}
