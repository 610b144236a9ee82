import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { errorResponse, type ErrorCode } from "./errors.js";
import type { Logger } from "./logger.js";
import type { HttpResponse } from "./response.js";

const CLIENT_ERRORS: Readonly<Record<number, ErrorCode>> = {
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/**
 * The answer to anything thrown: a store outage is a 503 the client may retry; a framework's own
 * client error (a malformed URL, say) keeps its status; anything else is a bug, logged and hidden.
 */
export function failureResponse(error: unknown, logger: Logger): HttpResponse {
  if (error instanceof StoreUnavailableError) {
    logger.warn({ event: "store_unavailable", reason: error.message }, "store unavailable");
    return errorResponse("store_unavailable");
  }
  // A path parameter that does not decode (Express throws before routing) names no resource.
  if (error instanceof URIError) return errorResponse("not_found");
  const status = clientErrorStatus(error);
  if (status !== undefined) {
    const code = CLIENT_ERRORS[status];
    return code ? errorResponse(code) : errorResponse("invalid_request", { status, detail: "The request is malformed" });
  }
  logger.error({ event: "internal_error", err: error }, "unexpected error");
  return errorResponse("internal_error");
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === "number" && status >= 400 && status < 500 && expose === true ? status : undefined;
}
