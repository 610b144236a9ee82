// One measured run of a row: a load-generator process runs the row's jobs against its server, and
// the CPU time of the server, the generator, the database and the whole machine is read from /proc
// when the load starts and when it ends, so each figure covers the load and nothing else.
import { fmt, log } from "./format.mjs";
import { cpuSeconds, machineBusySeconds, startChild, stopChild } from "./lib/proc.mjs";
import { benchDir, loadScript } from "./paths.mjs";
import { isHashing } from "./workloads.mjs";

/** A run during which other processes used more than this % of a core is repeated (BENCH_BUSY_RETRIES). */
export const BUSY_PCT = 20;

/** Whether the database's CPU can be told apart: only a container the bench started has a PID. */
const databaseMeasured = (bench, row) => Boolean(row.mongo && bench.mongo?.pid);

/** One load-generator process running `jobs` for `durationS`; the figures of that run. */
export async function drive(bench, row, jobs, durationS) {
  // Login rows make a fixed number of logins (row.loginAmount, the same for every login row of the
  // run), so that no login is cut off in flight while its CPU is counted.
  const amount = isHashing(row) && row.loginAmount ? row.loginAmount : 0;
  const limitS = amount ? Math.max(60, (4 * amount) / row.loginRate) : durationS;
  const spec = {
    jobs: jobs.map((job) => ({ ...job, duration: durationS, ...(amount && !job.background ? { amount, limitS } : {}) })),
    leadMs: 500,
  };
  let started;
  let done;
  const startedP = new Promise((resolve) => (started = resolve));
  const doneP = new Promise((resolve) => (done = resolve));
  const load = startChild(`load:${row.id}`, process.execPath, [loadScript, JSON.stringify(spec)], { cwd: benchDir, ipc: true });
  load.child.on("message", (message) => {
    if (message?.type === "started") started(sample(bench, row, load.pid));
    else if (message?.type === "done") done({ at: sample(bench, row, load.pid), jobs: message.jobs });
  });
  const limit = (limitS + 45) * 1000;
  const timer = setTimeout(() => stopChild(load, { signal: "SIGKILL" }), limit);
  let reported = false;
  doneP.then(() => (reported = true));
  // Never settles once the generator has reported; rejects if it ends (or is killed) before that.
  const failed = load.exited.then(async ({ code, signal }) => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (reported) return new Promise(() => {});
    throw new Error(`${row.id}: load generator ended (${signal ?? code}) before reporting: ${load.tail.slice(-3).join(" | ")}`);
  });
  failed.catch(() => {});
  try {
    const begin = await Promise.race([startedP, failed]);
    const end = await Promise.race([doneP, failed]);
    await Promise.race([load.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await stopChild(load, { graceMs: 2_000 });
    const wallS = end.at.t - begin.t;
    const main = end.jobs.find((job) => !jobs.find((spec) => spec.name === job.name)?.background);
    const all = end.jobs.reduce((sum, job) => sum + job.ok + job.non2xx, 0);
    const serverCpuS = end.at.server - begin.server;
    return {
      rps: main.rps,
      p50: main.latencyMs.p50,
      p99: main.latencyMs.p99,
      cpuUsPerReq: all ? (serverCpuS * 1e6) / all : null,
      serverCpuPct: (100 * serverCpuS) / wallS,
      generatorCpuPct: (100 * (end.at.generator - begin.generator)) / wallS,
      databaseCpuPct: databaseMeasured(bench, row) ? (100 * (end.at.database - begin.database)) / wallS : null,
      // Everything else the machine ran meanwhile: near 0 on an otherwise idle machine.
      otherCpuPct:
        (100 *
          (end.at.machine -
            begin.machine -
            serverCpuS -
            (end.at.generator - begin.generator) -
            (end.at.database - begin.database))) /
        wallS,
      failures: end.jobs.reduce((sum, job) => sum + job.non2xx + job.errors + job.timeouts, 0),
      wallS,
      serverCpuS,
      jobs: end.jobs,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** CPU seconds so far of the server, the generator, the database and the machine, and the time. */
function sample(bench, row, loadPid) {
  let database = 0;
  if (databaseMeasured(bench, row)) {
    try {
      database = cpuSeconds(bench.mongo.pid);
    } catch {}
  }
  return {
    t: performance.now() / 1000,
    server: cpuSeconds(row.handle.pid),
    generator: cpuSeconds(loadPid),
    database,
    machine: machineBusySeconds(),
  };
}

/**
 * One measured run. When something outside the bench took more than BUSY_PCT of a core meanwhile (a
 * build, a test suite), the run is thrown away and repeated after a pause, at most BENCH_BUSY_RETRIES
 * times; the last one counts either way, and the table says when a row's figures stayed suspect.
 */
export async function measure(bench, row, jobs) {
  const { settings } = bench;
  for (let attempt = 0; ; attempt++) {
    const result = await drive(bench, row, jobs, settings.durationS);
    // A Mongo server the bench did not start runs on its own CPU: "other" then includes it.
    const measurable = !(row.mongo && !bench.mongo?.pid);
    if (!measurable || result.otherCpuPct <= BUSY_PCT || attempt >= settings.busyRetries) {
      result.repeatedForBusyMachine = attempt;
      return result;
    }
    log(`  ${row.id}: other processes used ${fmt(result.otherCpuPct, 0)}% of a core during the run; repeating it in 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}
