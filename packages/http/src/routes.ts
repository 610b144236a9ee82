import type { Auth } from "@tessera/domain/auth";
import { createEndpoint } from "./endpoint.js";
import type { Logger } from "./logger.js";
import type { HttpPolicy } from "./policy.js";
import type { Route } from "./route.js";
import type { OutboxEntry } from "@tessera/domain/mail";
import { accountRoutes } from "./routes/account-routes.js";
import { devOutboxRoutes } from "./routes/dev-routes.js";
import { operationsRoutes } from "./routes/operations-routes.js";
import { recoveryRoutes } from "./routes/recovery-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";

export interface RoutesDeps {
  readonly auth: Auth;
  readonly policy: HttpPolicy;
  /** Whether the store answers; /readyz reports it. */
  readonly isReady: () => Promise<boolean>;
  readonly logger: Logger;
  /**
   * The development outbox's messages, newest first, served at GET /dev/outbox; null (production)
   * leaves the route out altogether.
   */
  readonly devOutbox?: ((limit: number) => Promise<OutboxEntry[]>) | null;
}

/** Every route of the contract, framework-free: what each framework package mounts. */
export function createRoutes(deps: RoutesDeps): Route[] {
  const { auth, policy, logger } = deps;
  const endpoint = createEndpoint({ authenticate: auth.authenticate, policy, logger });
  const context = { auth, policy, endpoint, logger };
  return [
    ...accountRoutes(context),
    ...recoveryRoutes(context),
    ...sessionRoutes(context),
    ...operationsRoutes(deps.isReady),
    ...(deps.devOutbox ? devOutboxRoutes(deps.devOutbox, endpoint) : []),
  ];
}
