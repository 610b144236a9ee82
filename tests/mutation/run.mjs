#!/usr/bin/env node
// pnpm test:mutation [domain] [http] [-- stryker options]: Stryker on each target in turn (both by
// default). It writes mutants into the sources and puts them back when it ends: do not edit them
// while it runs. Each target prints its score per file and fails the run below its threshold
// (stryker.config.mjs). Options after the targets go to Stryker as they are, e.g.
// `pnpm test:mutation http --mutate packages/http/src/endpoint.ts` for one file's mutants.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const stryker = fileURLToPath(new URL("node_modules/.bin/stryker", import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const firstOption = args.findIndex((arg) => arg.startsWith("-"));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
const targets = named.length ? named : ["domain", "http"];

let failed = false;
for (const target of targets) {
  console.log(`\n[mutation] ${target}: mutants in the sources, each run against the tests that cover it`);
  const run = spawnSync(stryker, ["run", "tests/mutation/stryker.config.mjs", ...options], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE: target } });
  if (run.status !== 0) {
    console.error(`[mutation] ${target}: below its threshold, or the run failed (exit ${run.status ?? run.signal})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
