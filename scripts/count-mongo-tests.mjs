#!/usr/bin/env node
// Prints how many tests ran against the real Mongo server (suites tagged [mongo]), from the JSON
// reports vitest writes to each package's test-output/. Under CI, a skipped or missing Mongo test
// fails the run: CI must exercise the real server, never skip it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const perPackage = [];

for (const group of ["packages", "apps", "tests"]) {
  if (!existsSync(join(root, group))) continue;
  for (const entry of readdirSync(join(root, group))) {
    const report = join(root, group, entry, "test-output", "vitest.json");
    if (!existsSync(report)) continue;
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const file of JSON.parse(readFileSync(report, "utf8")).testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (!test.ancestorTitles.some((title) => title.includes("[mongo]"))) continue;
        const status = test.status === "passed" ? "passed" : test.status === "failed" ? "failed" : "skipped";
        counts[status]++;
        totals[status]++;
      }
    }
    perPackage.push(`${group}/${entry}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}

console.log(`Mongo tests run against a real server: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
for (const line of perPackage) console.log(`  ${line}`);
if (process.env.CI === "true" && (totals.passed === 0 || totals.skipped > 0 || totals.failed > 0)) {
  console.error("CI must run every Mongo test against a real server, and none may fail or be skipped.");
  process.exit(1);
}
