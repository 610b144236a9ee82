import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../src/store-unavailable-error.js";

describe("StoreUnavailableError", () => {
  it("names itself, so logs and handlers tell an outage from a bug", () => {
    const error = new StoreUnavailableError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("StoreUnavailableError");
    expect(error.message).toBe("The store cannot be reached");
    expect(new StoreUnavailableError("gone", { cause: "x" })).toMatchObject({ message: "gone", cause: "x" });
  });
});
