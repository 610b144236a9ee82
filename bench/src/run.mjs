#!/usr/bin/env node
// pnpm bench [--quick] [--list] [--cpu-prof] [row filters...]
//
// Starts each server in its own process, drives it over loopback from autocannon in another process
// (src/load.mjs), and prints one table (and bench/results/latest.json): req/s, p50/p99 latency, server
// CPU per request (/proc/<pid>/stat), peak RSS (VmHWM), and each row's ratio to its baseline, all
// from the same run. Every figure is the median of BENCH_RUNS measured runs after a warm-up.
// Nothing here asserts timings: targets are reported as met or missed, never thrown.
//
// This file only puts the steps in order; each lives in a module of its own:
//   settings.mjs      the command line and the environment     rows.mjs       the rows and groups
//   apps.mjs          the reference apps (tests/apps/apps.json) lifecycle.mjs  clean-up, signals, time limit
//   start-server.mjs  one row's server process                  workloads.mjs  set-up over HTTP, the jobs
//   measure.mjs       one load-generator run, CPU from /proc    group.mjs      a group's rows side by side
//   report.mjs        ratios, the table, the notes              results.mjs    profiles, latest.json
//   lib/mongo.mjs     a MongoDB-wire server for the Mongo rows  lib/proc.mjs   child processes, /proc
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { appMain } from "./apps.mjs";
import { log } from "./format.mjs";
import { runGroup } from "./group.mjs";
import { openBench } from "./lifecycle.mjs";
import { acquireMongo } from "./lib/mongo.mjs";
import { machine } from "./lib/proc.mjs";
import { root } from "./paths.mjs";
import { computeRatios, gitState, reportText } from "./report.mjs";
import { summariseProfiles, writeLatest } from "./results.mjs";
import { GROUPS, ROWS, selectRows } from "./rows.mjs";
import { listRows, readCommandLine, readSettings, USAGE } from "./settings.mjs";

const { flags, filters } = readCommandLine();
if (flags.has("--help")) {
  console.log(USAGE);
  process.exit(0);
}
if (flags.has("--list")) {
  for (const line of listRows(ROWS)) console.log(line);
  process.exit(0);
}
const settings = readSettings(flags);

let selected;
try {
  selected = selectRows(filters);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

const bench = openBench(settings);

const started = new Date();
const host = machine();
const git = gitState();
log(
  `${started.toISOString()}  ${host.nproc} cores, ${host.cpuModel}, Node ${host.node}; ` +
    `${settings.runs} runs x ${settings.durationS} s after ${settings.warmupS} s warm-up, ${settings.connections} connections ` +
    `(logins: ${settings.loginConnections}), bcrypt cost ${settings.bcryptCost}`,
);
// Every app a selected row runs must be in the apps table and built, before anything starts.
for (const row of selected) {
  if (!row.server.app) continue;
  let main;
  try {
    main = appMain(row.server.app);
  } catch (error) {
    console.error(`${row.id}: ${error.message}`);
    process.exit(2);
  }
  if (!existsSync(main)) {
    console.error(`${relative(root, main)} is missing: run pnpm build first (pnpm bench does)`);
    process.exit(1);
  }
}

const skippedLines = [];
for (const group of GROUPS) {
  const rows = selected.filter((row) => row.group === group);
  if (!rows.length || bench.finishing) continue;
  // The Mongo server is acquired once, for the first group that needs it.
  if (rows.some((row) => row.mongo) && !bench.mongo) {
    bench.mongo = await acquireMongo({ root, runId: bench.runId, log });
    if (bench.mongo.skip) {
      skippedLines.push(`Mongo rows skipped: no MongoDB-wire server (${bench.mongo.skip}); set MONGODB_URI to run them.`);
      console.log(`[bench] ${skippedLines.at(-1)}`);
    } else log(`Mongo rows use ${bench.mongo.source}`);
  }
  if (rows.some((row) => row.mongo) && bench.mongo.skip) {
    for (const row of rows) row.skipped = "skipped: no MongoDB";
    continue;
  }
  try {
    await runGroup(bench, group, rows);
  } catch (error) {
    for (const row of rows) row.error ??= error.message;
    log(`group ${group} failed: ${error.stack ?? error}`);
  }
}

await bench.finish();
computeRatios(selected);

const finished = new Date();
const run = { started, finished, host, git, settings, mongo: bench.mongo, rows: selected };
const report = reportText({ ...run, skippedLines });
console.log(`\n${report}`);
const profiles = settings.cpuProf ? summariseProfiles(selected) : [];
const out = writeLatest({ ...run, profiles, report });
console.log(`\n[bench] wrote ${relative(root, out)}`);
process.exit(0);
