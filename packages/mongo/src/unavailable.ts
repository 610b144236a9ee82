import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";

/** Driver errors that mean "the server cannot be reached now", not "this request is wrong". */
const UNAVAILABLE_ERRORS = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError",
  // The store was closed (shutdown) while an operation waited on a server that does not answer.
  "MongoClientClosedError",
]);

/** Server answers that mean it is shutting down or stepping down: retry later, elsewhere. */
const UNAVAILABLE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/** Socket errors the driver sometimes passes on unwrapped, e.g. writing to a socket the server just closed. */
const SOCKET_ERRORS = new Set(["EPIPE", "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "ENOTCONN", "EHOSTUNREACH", "ENETUNREACH"]);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    UNAVAILABLE_ERRORS.has(error.name) ||
    (typeof code === "number" && UNAVAILABLE_CODES.has(code)) ||
    (typeof code === "string" && SOCKET_ERRORS.has(code)) ||
    isUnavailable(error.cause)
  );
}

/**
 * How long one store operation may take, by default. The driver has no bound that covers a server
 * that hangs (stopped, or stuck on its disk): the connection stays open and silent. Past this, the
 * request that needed the store answers 503 within two seconds instead of waiting. The operation
 * itself may still complete later.
 */
export const OPERATION_TIMEOUT_MS = 1500;

/** Runs a store operation: an outage (or no answer in time) becomes the domain's StoreUnavailableError; anything else stays a bug. */
export type Guard = <T>(operation: () => Promise<T>) => Promise<T>;

export function createGuard(timeoutMs = OPERATION_TIMEOUT_MS): Guard {
  return async (operation) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`MongoDB did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([operation(), timedOut]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if (isUnavailable(error)) throw new StoreUnavailableError("MongoDB cannot be reached", { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
