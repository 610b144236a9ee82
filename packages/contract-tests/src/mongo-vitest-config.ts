import { defineConfig } from "vitest/config";

/**
 * The vitest settings of every package whose tests reach the real Mongo server: one server per run
 * (the global setup), network-sized timeouts, and a JSON report the Mongo test count is read from.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@tessera/contract-tests/mongo-global-setup"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest.json" },
  },
});
