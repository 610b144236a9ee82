import { defineConfig } from "vitest/config";
import { ROOT, sourceAliases } from "./aliases.js";

/** The domain's own tests and its use cases on the memory store, all run from the sources. */
export default defineConfig({
  root: ROOT,
  resolve: { alias: sourceAliases() },
  test: {
    include: ["packages/domain/test/**/*.test.ts", "tests/use-cases/test/**/*.test.ts"],
  },
});
