/** The logging the HTTP layer needs; pino's logger has this shape. Never pass it a secret. */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
