import { describe, expect, it } from "vitest";
import { isDuplicateKey } from "../src/duplicate-key.js";

const failed = (code: number, message = "x") => Object.assign(new Error(message), { code });

describe("what counts as a unique index met", () => {
  it.each([
    ["MongoDB's duplicate key", failed(11000, "E11000 duplicate key error")],
    ["FerretDB's update meeting a unique index", failed(1, "constraint failed: UNIQUE constraint failed: index 'users_5e7cc513_email_unique' (2067)")],
  ])("%s does", (_case, error) => {
    expect(isDuplicateKey(error)).toBe(true);
  });

  it.each([
    ["another internal error", failed(1, "no such table")],
    ["a network error", Object.assign(new Error("x"), { code: "ECONNRESET" })],
    ["a bug", new TypeError("undefined is not a function")],
  ])("%s does not", (_case, error) => {
    expect(isDuplicateKey(error)).toBe(false);
  });
});
