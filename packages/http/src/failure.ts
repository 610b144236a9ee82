import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { errorResponse } from "./errors.js";
import type { Logger } from "./logger.js";
import type { HttpResponse } from "./response.js";

/**
 * The one failure Tessera answers itself: a store it cannot reach is a 503 the client may retry.
 * Anything else thrown is a bug, and goes on to the host's own error handling.
 */
export function outageResponse(error: unknown, logger: Logger): HttpResponse | null {
  if (!(error instanceof StoreUnavailableError)) return null;
  logger.warn({ event: "store_unavailable", reason: error.message }, "store unavailable");
  return errorResponse("store_unavailable");
}
