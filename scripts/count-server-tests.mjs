#!/usr/bin/env node
// Prints how many tests ran against the real servers: the Mongo-wire server (tests tagged [mongo]
// in a suite or test title) and the Mailpit mail server ([mail]), from the JSON reports vitest
// writes to each package's test-output/. Under CI each package whose tests reach the Mongo server
// (its vitest config is the shared Mongo one) must have run some, and no tagged test may have
// failed or been skipped: CI must exercise the real servers, never skip them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// A package is expected to run tagged tests when its vitest config is the shared Mongo one, or
// when one of its test files declares a Mailpit suite.
const SERVERS = [
  { tag: "[mongo]", name: "Mongo tests run against a real server", expects: (dir) => fileIncludes(join(dir, "vitest.config.ts"), "mongo-vitest-config") },
  { tag: "[mail]", name: "Mail tests run against Mailpit", expects: (dir) => testFiles(dir).some((file) => fileIncludes(file, "describeWithMail(")) },
];
const problems = [];

function fileIncludes(file, text) {
  return existsSync(file) && readFileSync(file, "utf8").includes(text);
}

function testFiles(dir) {
  const tests = join(dir, "test");
  return existsSync(tests) ? readdirSync(tests).filter((file) => file.endsWith(".test.ts")).map((file) => join(tests, file)) : [];
}

for (const { tag, name, expects } of SERVERS) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  for (const group of ["packages", "apps", "tests"]) {
    if (!existsSync(join(root, group))) continue;
    for (const entry of readdirSync(join(root, group))) {
      const dir = join(root, group, entry);
      const expected = expects(dir);
      const report = join(dir, "test-output", "vitest.json");
      if (!existsSync(report)) {
        if (expected) problems.push(`${group}/${entry}: no test report (did its tests run?)`);
        continue;
      }
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const file of JSON.parse(readFileSync(report, "utf8")).testResults ?? []) {
        for (const test of file.assertionResults ?? []) {
          if (![...test.ancestorTitles, test.title].some((title) => title.includes(tag))) continue;
          const status = test.status === "passed" ? "passed" : test.status === "failed" ? "failed" : "skipped";
          counts[status]++;
          totals[status]++;
        }
      }
      const any = counts.passed + counts.failed + counts.skipped > 0;
      if (any || expected) lines.push(`${group}/${entry}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      if (expected && counts.passed === 0) problems.push(`${group}/${entry}: no ${tag} test passed`);
      if (counts.failed || counts.skipped) problems.push(`${group}/${entry}: ${counts.failed} ${tag} failed, ${counts.skipped} skipped`);
    }
  }
  console.log(`${name}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  for (const line of lines) console.log(`  ${line}`);
}

if (process.env.CI === "true" && problems.length) {
  console.error(`CI must run every test against its real server, in every package that has them:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
