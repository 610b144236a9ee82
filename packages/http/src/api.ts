import type { Auth } from "@tessera/domain/auth";
import { createEndpoint } from "./endpoint.js";
import { errorResponse } from "./errors.js";
import { failureResponse } from "./failure.js";
import type { Logger } from "./logger.js";
import { buildOpenApiDocument } from "./openapi.js";
import type { HttpPolicy } from "./policy.js";
import type { IncomingMessage } from "node:http";
import { allowedMethods, type Route } from "./route.js";
import { createServe, type Target } from "./serve.js";
import type { WireResponse } from "./wire.js";
import { accountRoutes } from "./routes/account-routes.js";
import { operationsRoutes } from "./routes/operations-routes.js";
import { pageRoutes } from "./routes/page-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";

export interface HttpApiDeps {
  readonly auth: Auth;
  readonly policy: HttpPolicy;
  /** Whether the store answers; /readyz reports it. */
  readonly isReady: () => Promise<boolean>;
  readonly logger: Logger;
}

export interface HttpApi {
  readonly routes: readonly Route[];
  /** The OpenAPI 3.1 document both apps serve at /openapi.json. */
  readonly openApi: object;
  /** Answers a request the framework routed: what to write, headers and all. */
  serve(target: Target, raw: IncomingMessage): Promise<WireResponse>;
}

/** Every route of the contract, framework-free. Each app mounts these and adds nothing. */
export function createHttpApi(deps: HttpApiDeps): HttpApi {
  const { auth, policy, logger } = deps;
  const endpoint = createEndpoint({ authenticate: auth.authenticate, policy, logger });
  const context = { auth, policy, endpoint, logger };

  let openApi: object | undefined;
  const routes: Route[] = [
    ...accountRoutes(context),
    ...sessionRoutes(context),
    ...operationsRoutes(deps.isReady, () => openApi as object),
    ...pageRoutes(),
  ];
  openApi = buildOpenApiDocument(routes, policy.cookie.name);

  const serve = createServe({
    logger,
    notFound: () => errorResponse("not_found"),
    methodNotAllowed: (routesAtPath) => errorResponse("method_not_allowed", { headers: { Allow: allowedMethods(routesAtPath) } }),
    failure: (error) => failureResponse(error, logger),
  });
  return { routes, openApi, serve };
}
