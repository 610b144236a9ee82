import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real processes and a real SMTP server on a busy machine: every wait has its own deadline.
    testTimeout: 300_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest.json" },
  },
});
