import { fileURLToPath } from "node:url";

/**
 * Stryker, one configuration per target (MUTATE=domain or MUTATE=http). Mutants are written in place
 * into the sources (restored afterwards): the workspace's packages resolve each other through
 * pnpm's links, which a copy elsewhere would break.
 */
const targets = {
  domain: {
    mutate: ["packages/domain/src/**/*.ts"],
    config: "tests/mutation/vitest.domain.config.ts",
    // The first honest run scored 86.96; with tests for the survivors that mattered, 96.70; with the
    // recovery use cases added, 94.96 (892 mutants), before tests for that run's survivors that mattered.
    thresholds: { high: 95, low: 90, break: 90 },
  },
  http: {
    // The checks every request goes through, and what turns outcomes into answers. Left out: the
    // tables of texts (errors, messages) and schemas, whose mutants are words the audit compares
    // whole, and the OpenAPI generator, which the contract suite checks by validating every answer.
    mutate: [
      "packages/http/src/{body,client,cookies,credentials,endpoint,failure,guard,origin-check,outcomes,parser-refusal,route,session-transport,signed-in,wire}.ts",
      "packages/http/src/routes/*.ts",
    ],
    config: "tests/mutation/vitest.http.config.ts",
    // The first honest run, over endpoint, failure, origin-check and session-transport only, scored
    // 87.41; the whole target (1,277 mutants) has not been run yet, so the break stays at the aim.
    thresholds: { high: 85, low: 75, break: 75 },
  },
};

const name = process.env.MUTATE ?? "domain";
const target = targets[name];
if (!target) throw new Error(`MUTATE must be one of ${Object.keys(targets).join(", ")}`);

export default {
  plugins: [fileURLToPath(import.meta.resolve("@stryker-mutator/vitest-runner"))],
  testRunner: "vitest",
  vitest: { configFile: target.config },
  mutate: target.mutate,
  inPlace: true,
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  thresholds: target.thresholds,
  reporters: ["clear-text", "progress", "json"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  jsonReporter: { fileName: `tests/mutation/reports/${name}.json` },
  tempDirName: "tests/mutation/.stryker-tmp",
  cleanTempDir: true,
};
