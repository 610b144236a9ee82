/**
 * Runs at most `limit` tasks at once, the rest in arrival order. bcrypt runs on libuv's thread
 * pool: unbounded, a login storm takes every core and authenticated reads wait behind it.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("the concurrency limit must be a whole number of at least 1");
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
