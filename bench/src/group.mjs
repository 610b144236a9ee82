// A group of rows, run side by side: their servers are started together, each is set up and warmed
// up, then the measured runs go in turns (A, B, A, B, ...), so that a ratio between two rows of a
// group compares figures taken close together on a machine whose speed wanders.
import { fmt, log } from "./format.mjs";
import { peakRssMiB, stopChild } from "./lib/proc.mjs";
import { drive, measure } from "./measure.mjs";
import { startServer } from "./start-server.mjs";
import { median, medianOf } from "./stats.mjs";
import { setUp } from "./workloads.mjs";
import { isHashing } from "./workloads.mjs";

/** Runs `rows` (one group); each row ends with row.median (and row.alone), or row.error. */
export async function runGroup(bench, group, rows) {
  const { settings } = bench;
  const groupStart = performance.now();
  log(`group ${group}: starting ${rows.map((row) => row.id).join(", ")}`);
  const live = [];
  for (const row of rows) {
    try {
      await startServer(bench, row);
      await setUp(bench, row);
      live.push(row);
    } catch (error) {
      row.error = error.message;
      log(`  ${row.id}: ${error.message}`);
      if (row.handle) await stopChild(row.handle);
    }
  }
  try {
    if (settings.warmupS > 0) await warmUp(bench, live);
    for (const row of live) {
      row.runs = [];
      row.aloneRuns = [];
    }
    sizeLogins(settings, live);
    for (let run = 1; run <= settings.runs; run++) {
      for (const row of live) {
        if (row.error) continue;
        try {
          await measureOnce(bench, row);
          const last = row.runs.at(-1);
          log(
            `  ${row.id} run ${run}/${settings.runs}: ${fmt(last.rps, 0)} req/s, p99 ${fmt(last.p99, 2)} ms` +
              (row.workload === "mixed" ? ` (alone: ${fmt(row.aloneRuns.at(-1).p99, 2)} ms), ${fmt(last.loginsPerS, 1)} logins/s` : "") +
              (last.failures ? `, ${last.failures} failed requests` : ""),
          );
        } catch (error) {
          row.error = error.message;
          log(`  ${row.id}: ${error.message}`);
        }
      }
    }
  } finally {
    for (const row of rows) {
      if (!row.handle) continue;
      try {
        row.peakRssMiB = peakRssMiB(row.handle.pid);
      } catch {}
      // SIGINT: the apps and baselines finish in-flight requests and exit, writing --cpu-prof output.
      await stopChild(row.handle, { signal: "SIGINT" });
    }
  }
  log(`group ${group}: done in ${fmt((performance.now() - groupStart) / 1000, 1)} s`);
  for (const row of live) {
    if (!row.runs?.length) continue;
    row.median = medianOf(row.runs);
    if (row.workload === "mixed") {
      row.alone = medianOf(row.aloneRuns);
      row.median.loginsPerS = median(row.runs.map((run) => run.loginsPerS));
    }
  }
}

/** Warm-up load on every server (JIT, caches, connection pools) before any run counts. */
async function warmUp(bench, rows) {
  const { settings } = bench;
  for (const row of rows) {
    try {
      const warm = await drive(bench, row, row.jobs, isHashing(row) ? Math.max(2, settings.warmupS) : settings.warmupS);
      row.warmupRequests = warm.jobs.reduce((sum, job) => sum + job.ok + job.non2xx, 0);
      if (isHashing(row)) row.loginRate = Math.max(0.5, warm.rps);
    } catch (error) {
      row.error = error.message;
      log(`  ${row.id}: warm-up failed: ${error.message}`);
    }
  }
}

/**
 * One number of logins for every login row, a whole number of rounds of all connections, sized
 * from the fastest warm-up to last about BENCH_DURATION: rows then differ only in their servers.
 */
function sizeLogins(settings, rows) {
  const loginRows = rows.filter((row) => isHashing(row) && row.loginRate);
  if (!loginRows.length) return;
  const fastest = Math.max(...loginRows.map((row) => row.loginRate));
  const rounds = Math.max(2, Math.round((fastest * settings.durationS) / settings.loginConnections));
  for (const row of loginRows) row.loginAmount = rounds * settings.loginConnections;
}

/** One measured run of a row; a mixed row measures its reads alone, then during the login storm. */
async function measureOnce(bench, row) {
  if (row.workload !== "mixed") {
    row.runs.push(await measure(bench, row, row.jobs));
    return;
  }
  row.aloneRuns.push(await measure(bench, row, row.aloneJobs));
  const storm = await measure(bench, row, row.jobs);
  const logins = storm.jobs.find((job) => job.name === "logins");
  storm.loginsPerS = logins ? logins.rps : null;
  row.runs.push(storm);
}
