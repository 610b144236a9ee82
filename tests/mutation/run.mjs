#!/usr/bin/env node
// pnpm test:mutation [domain] [http]: Stryker on each target in turn (both by default). It writes
// mutants into the sources and puts them back when it ends: do not edit them while it runs. Each
// target prints its score per file and fails the run below its threshold (stryker.config.mjs).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const stryker = fileURLToPath(new URL("node_modules/.bin/stryker", import.meta.url));
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ["domain", "http"];

let failed = false;
for (const target of targets) {
  console.log(`\n[mutation] ${target}: mutants in the sources, each run against the tests that cover it`);
  const run = spawnSync(stryker, ["run", "tests/mutation/stryker.config.mjs"], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE: target } });
  if (run.status !== 0) {
    console.error(`[mutation] ${target}: below its threshold, or the run failed (exit ${run.status ?? run.signal})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
