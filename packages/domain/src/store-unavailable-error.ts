/**
 * Thrown by an adapter when its store cannot be reached. An infrastructure failure, not an
 * outcome: the web layer answers it with 503 and the request can be retried later.
 */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";

  constructor(message = "The store cannot be reached", options?: { cause?: unknown }) {
    super(message, options);
  }
}
