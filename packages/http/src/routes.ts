import type { Auth } from "@tessera/domain/auth";
import { createEndpoint } from "./endpoint.js";
import type { Logger } from "./logger.js";
import type { HttpPolicy } from "./policy.js";
import type { Route } from "./route.js";
import { accountRoutes } from "./routes/account-routes.js";
import { operationsRoutes } from "./routes/operations-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";

export interface RoutesDeps {
  readonly auth: Auth;
  readonly policy: HttpPolicy;
  /** Whether the store answers; /readyz reports it. */
  readonly isReady: () => Promise<boolean>;
  readonly logger: Logger;
}

/** Every route of the contract, framework-free: what each framework package mounts. */
export function createRoutes(deps: RoutesDeps): Route[] {
  const { auth, policy, logger } = deps;
  const endpoint = createEndpoint({ authenticate: auth.authenticate, policy, logger });
  const context = { auth, policy, endpoint, logger };
  return [...accountRoutes(context), ...sessionRoutes(context), ...operationsRoutes(deps.isReady)];
}
