import type { Logger, Tessera } from "@tessera/core";
import type { ErrorCode } from "@tessera/http/errors";
import type { HttpResponse } from "@tessera/http/response";

const CLIENT_ERRORS: Readonly<Record<number, ErrorCode>> = {
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/**
 * The reference hosts' error handler, for whatever reached it: a path that does not decode names
 * nothing (404); a framework's own client error keeps its status; anything else is a bug, logged
 * here with its stack and answered without one.
 */
export function hostFailure(error: unknown, tessera: Pick<Tessera, "error">, logger: Logger): HttpResponse {
  if (error instanceof URIError) return tessera.error("not_found");
  const { status, expose } = (typeof error === "object" && error !== null ? error : {}) as { status?: unknown; expose?: unknown };
  if (typeof status === "number" && status >= 400 && status < 500 && expose === true) {
    const code = CLIENT_ERRORS[status];
    return code ? tessera.error(code) : tessera.error("invalid_request", { status, detail: "The request is malformed" });
  }
  logger.error({ event: "internal_error", err: error }, "unexpected error");
  return tessera.error("internal_error");
}
