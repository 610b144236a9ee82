/*
 * SQLite result codes (libsql puts the extended name in `code`) that mean "the file cannot be used
 * now", not "this request is wrong": another process holds the lock past the busy timeout, the disk
 * fails or is full, the file went read-only or away. The app answers them with 503, as it does a
 * MongoDB server out of reach. Constraint errors are outcomes the repositories handle; anything else
 * (a syntax error, a corrupt file) is a bug or a disaster, and stays a 500.
 */
const UNAVAILABLE_PREFIXES = ["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PROTOCOL"];

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === "string" && UNAVAILABLE_PREFIXES.some((prefix) => code.startsWith(prefix))) || isUnavailable(error.cause);
}

/** A UNIQUE or PRIMARY KEY constraint refused the write: another writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
