/**
 * Ids shaped like MongoDB's, so clients see one format from either store. They are not secrets:
 * every use of an id checks that the session belongs to the user asking.
 */
export function newId(): string {
  let id = "";
  for (let i = 0; i < 24; i++) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}
