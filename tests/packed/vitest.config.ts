import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing, an npm install and a TypeScript build take minutes on a small machine, not seconds.
    hookTimeout: 600_000,
    testTimeout: 60_000,
  },
});
