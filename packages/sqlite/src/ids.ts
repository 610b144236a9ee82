import { randomBytes } from "node:crypto";

/**
 * Ids shaped like MongoDB's (24 hex characters), so clients see one format whichever store is in
 * use. They are not secrets: every use of an id checks that the session belongs to the user asking.
 */
export function newId(): string {
  return randomBytes(12).toString("hex");
}
