import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A real browser starts and clicks through pages: slower than an HTTP call.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
