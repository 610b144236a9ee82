import { defineConfig } from "vitest/config";

/**
 * The vitest settings of every package whose tests reach the real Mongo server: one server per run
 * (the global setup), network-sized timeouts, and a JSON report the Mongo test count is read from.
 * The timeouts only catch a hang: the race and burst tests run many rounds against FerretDB, which
 * on two shared cores under a full `pnpm test` took over 20 s for one test, so they are wide.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["@tessera/contract-tests/mongo-global-setup"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest.json" },
  },
});
