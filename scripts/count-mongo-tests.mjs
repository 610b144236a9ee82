#!/usr/bin/env node
// Prints how many tests ran against the real Mongo server (tests tagged [mongo], in a suite or test
// title), from the JSON reports vitest writes to each package's test-output/. Under CI each package
// whose tests reach the Mongo server (its vitest config is the shared Mongo one) must have run some,
// and none may have failed or been skipped: CI must exercise the real server, never skip it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const problems = [];

for (const group of ["packages", "apps", "tests"]) {
  if (!existsSync(join(root, group))) continue;
  for (const entry of readdirSync(join(root, group))) {
    const dir = join(root, group, entry);
    const config = join(dir, "vitest.config.ts");
    const expectsMongo = existsSync(config) && readFileSync(config, "utf8").includes("mongo-vitest-config");
    const report = join(dir, "test-output", "vitest.json");
    if (!existsSync(report)) {
      if (expectsMongo) problems.push(`${group}/${entry}: no test report (did its tests run?)`);
      continue;
    }
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const file of JSON.parse(readFileSync(report, "utf8")).testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (![...test.ancestorTitles, test.title].some((title) => title.includes("[mongo]"))) continue;
        const status = test.status === "passed" ? "passed" : test.status === "failed" ? "failed" : "skipped";
        counts[status]++;
        totals[status]++;
      }
    }
    lines.push(`${group}/${entry}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    if (expectsMongo && counts.passed === 0) problems.push(`${group}/${entry}: no Mongo test passed`);
    if (counts.failed || counts.skipped) problems.push(`${group}/${entry}: ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}

console.log(`Mongo tests run against a real server: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
for (const line of lines) console.log(`  ${line}`);
if (process.env.CI === "true" && problems.length) {
  console.error(`CI must run every Mongo test against a real server, in every package that has them:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
