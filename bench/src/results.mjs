// What a run leaves behind: with --cpu-prof, each server's profile summarised by self time (printed
// under the table), and bench/results/latest.json with the report, every run's figures and the
// settings, so that two runs can be compared later without re-running either.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatSummary, summariseProfile } from "./cpuprofile-top.mjs";
import { resultsDir, root } from "./paths.mjs";
import { isHashing } from "./workloads.mjs";

/** Summaries of the rows' .cpuprofile files, each printed as it is read. */
export function summariseProfiles(rows) {
  const profiles = [];
  for (const row of rows) {
    if (!row.profileDir) continue;
    for (const file of readdirSync(row.profileDir).filter((name) => name.endsWith(".cpuprofile"))) {
      const path = join(row.profileDir, file);
      const summary = summariseProfile(path, 20);
      profiles.push({ row: row.id, file: relative(root, path), summary });
      console.log(`\n${formatSummary(summary, `${row.id} (${relative(root, path)})`)}`);
    }
  }
  return profiles;
}

/** Writes bench/results/latest.json; returns its path. */
export function writeLatest({ started, finished, host, git, settings, mongo, rows, profiles, report }) {
  mkdirSync(resultsDir, { recursive: true });
  const json = {
    date: started.toISOString(),
    durationS: (finished - started) / 1000,
    machine: host,
    git,
    settings,
    mongo: mongo ? (mongo.skip ? { skipped: mongo.skip } : { source: mongo.source }) : null,
    rows: rows.map((row) => ({
      id: row.id,
      group: row.group,
      title: row.title,
      workload: row.workload,
      connections: isHashing(row) ? settings.loginConnections : settings.connections,
      baseline: row.baseline ?? null,
      target: row.target ?? null,
      median: row.median ?? null,
      readsAlone: row.alone ?? null,
      peakRssMiB: row.peakRssMiB ?? null,
      // Every request the server answered under load (warm-up included): divides a --cpu-prof profile.
      requestsServed:
        (row.warmupRequests ?? 0) +
        [...(row.runs ?? []), ...(row.aloneRuns ?? [])].reduce((sum, run) => sum + run.jobs.reduce((n, job) => n + job.ok + job.non2xx, 0), 0),
      ratio: row.ratio ?? null,
      ratioOf: row.ratioOf ?? null,
      targetMet: row.targetMet ?? null,
      // The second comparison (e.g. the app against its framework's bare hello), for reference only.
      ...(row.alsoVs && { alsoVs: row.alsoVs, alsoRatio: row.alsoRatio ?? null }),
      error: row.error ?? null,
      skipped: row.skipped ?? null,
      runs: row.runs ?? [],
      aloneRuns: row.aloneRuns ?? [],
    })),
    profiles,
    table: report,
  };
  const out = join(resultsDir, "latest.json");
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  return out;
}
