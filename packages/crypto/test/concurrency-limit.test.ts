import { describe, expect, it } from "vitest";
import { concurrencyLimit } from "../src/concurrency-limit.js";

describe("concurrencyLimit", () => {
  it("runs no more than the limit at once, the rest in arrival order, and passes results and errors through", async () => {
    const limited = concurrencyLimit(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      running--;
      if (n === 3) throw new Error("three");
      return n * 10;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => limited(task(n))));
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([10, 20, "three", 40, 50]);
  });

  it("refuses a limit below one", () => {
    expect(() => concurrencyLimit(0)).toThrow(RangeError);
  });
});
