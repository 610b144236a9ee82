import { defineConfig } from "vitest/config";
import { ROOT, sourceAliases } from "./aliases.js";

/**
 * The HTTP layer's unit tests and the HTTP contract suite against the reference Express app on the
 * memory store, all run from the sources. One app and one store: the other app and store run the
 * very same suite, and on two cores that doubles the time without catching more mutants of
 * packages/http (parity between the apps is the parity test's business). The races suite is left
 * out (tests/mutation/test/http-contract.test.ts says why).
 */
export default defineConfig({
  root: ROOT,
  resolve: { alias: sourceAliases() },
  test: {
    include: ["packages/http/test/**/*.test.ts", "tests/mutation/test/http-contract.test.ts"],
    testTimeout: 20_000,
  },
});
