import type { Auth } from "@tessera/domain/auth";
import type { IncomingMessage } from "node:http";
import type { createEndpoint } from "../endpoint.js";
import type { Logger } from "../logger.js";
import type { HttpPolicy } from "../policy.js";
import type { ApiRequest } from "../route.js";

/** What every route module is built from. */
export interface RouteContext {
  readonly auth: Auth;
  readonly policy: HttpPolicy;
  readonly endpoint: ReturnType<typeof createEndpoint>;
  readonly logger: Logger;
}

/**
 * A security event, for the log: what happened, to whom (user and session ids, the client address),
 * in which request. Never an email, token, cookie, password or hash.
 */
export function securityEvent(logger: Logger, request: ApiRequest, event: string, fields: Record<string, unknown> = {}): void {
  logger.info({ event, ...(request.id !== undefined && { requestId: request.id }), ...fields });
}

const USER_AGENT_LIMIT = 512;

export function userAgent(request: IncomingMessage): string | null {
  const value = request.headers["user-agent"];
  return value ? value.slice(0, USER_AGENT_LIMIT) : null;
}
