const DUPLICATE_KEY = 11000;
const INTERNAL_ERROR = 1;
/** SQLite's words for a unique index met: FerretDB 1.x passes them on when an update meets one. */
const SQLITE_UNIQUE_VIOLATION = "UNIQUE constraint failed";

/**
 * Whether a write met a unique index: how the store says "someone else got there first". MongoDB
 * says so with a duplicate key error; FerretDB 1.x does for an insert, but for an update (an email
 * change) answers an InternalError with its SQLite backend's message.
 */
export function isDuplicateKey(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === DUPLICATE_KEY || (code === INTERNAL_ERROR && typeof message === "string" && message.includes(SQLITE_UNIQUE_VIOLATION));
}
