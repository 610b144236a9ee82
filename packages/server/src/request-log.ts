import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Logger } from "@tessera/core";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** What every answer of a reference host carries, whoever made it: its id, and never a cache. */
export const COMMON_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

/**
 * The request's id: the client's X-Request-Id when it is sane, else a new one. Written back into
 * the request, so that Tessera's own log lines about it carry the same id.
 */
export function assignRequestId(request: IncomingMessage): string {
  const header = request.headers["x-request-id"];
  const id = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
  request.headers["x-request-id"] = id;
  return id;
}

export interface RequestRecord {
  readonly requestId: string;
  readonly method: string | undefined;
  /** The route pattern that answered ("/api/sessions/:id"), or null when none did. */
  readonly route: string | null;
  readonly status: number;
  readonly startedAt: number;
}

/** One line per request, when its answer has gone out. */
export function logRequest(logger: Logger, { requestId, method, route, status, startedAt }: RequestRecord): void {
  logger.info({ event: "request", requestId, method, route, status, durationMs: Math.round((performance.now() - startedAt) * 10) / 10 });
}

/** Says the request is being worked on: what a shutdown waits for, and what a test can watch for. */
export function logReceived(logger: Logger, requestId: string, method: string | undefined): void {
  logger.debug({ event: "request_received", requestId, method });
}
