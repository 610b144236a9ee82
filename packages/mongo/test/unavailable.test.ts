import { describe, expect, it } from "vitest";
import { isUnavailable } from "../src/unavailable.js";

const named = (name: string) => Object.assign(new Error("x"), { name });
const coded = (code: string | number) => Object.assign(new Error("x"), { code });

describe("what counts as the store being unavailable", () => {
  it.each([
    ["a network error", named("MongoNetworkError")],
    ["no server to select", named("MongoServerSelectionError")],
    ["a closed pool", named("MongoPoolClearedError")],
    ["a server shutting down", coded(91)],
    ["a primary stepping down", coded(189)],
    ["a write to a socket the server closed", coded("EPIPE")],
    ["a reset connection", coded("ECONNRESET")],
    ["an outage under another error", new Error("wrapped", { cause: coded("ECONNREFUSED") })],
  ])("%s is", (_case, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ["a duplicate key", coded(11000)],
    ["a bug", new TypeError("undefined is not a function")],
    ["not an error", "EPIPE"],
  ])("%s is not", (_case, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
