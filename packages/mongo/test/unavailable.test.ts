import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { createGuard, isUnavailable, OPERATION_TIMEOUT_MS } from "../src/unavailable.js";

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

describe("the deadline of one store operation", () => {
  afterEach(() => vi.useRealTimers());

  it("turns an operation that never answers into StoreUnavailableError at the deadline, not before", async () => {
    vi.useFakeTimers();
    const guard = createGuard(1500);
    let outcome: unknown = "pending";
    guard(() => new Promise(() => {})).catch((error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(1499);
    expect(outcome).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect((outcome as Error).message).toBe("MongoDB did not answer within 1500 ms");
  });

  it("lets an answer in time through, and a bug through as itself", async () => {
    const guard = createGuard(1500);
    await expect(guard(async () => 42)).resolves.toBe(42);
    await expect(guard(async () => Promise.reject(new TypeError("bug")))).rejects.toBeInstanceOf(TypeError);
    await expect(guard(async () => Promise.reject(named("MongoNetworkError")))).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("defaults to 1500 ms", () => {
    expect(OPERATION_TIMEOUT_MS).toBe(1500);
  });
});
