#!/usr/bin/env node
// pnpm bench [--quick] [--list] [--cpu-prof] [row filters...]
//
// Starts each server in its own process, drives it over loopback from autocannon in another process
// (src/load.mjs), and prints one table (and bench/results/latest.json): req/s, p50/p99 latency, server
// CPU per request (/proc/<pid>/stat), peak RSS (VmHWM), and each row's ratio to its baseline, all
// from the same run. Every figure is the median of BENCH_RUNS measured runs after a warm-up.
// Nothing here asserts timings: targets are reported as met or missed, never thrown.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatSummary, summariseProfile } from "./cpuprofile-top.mjs";
import { acquireMongo, dropDatabases } from "./lib/mongo.mjs";
import {
  children,
  cookieHeader,
  cpuSeconds,
  freePort,
  httpRequest,
  killAllChildrenSync,
  machine,
  machineBusySeconds,
  peakRssMiB,
  startChild,
  stopChild,
  waitForHttp,
} from "./lib/proc.mjs";
import { GROUPS, ROWS, selectRows } from "./rows.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, "..");
const root = join(benchDir, "..");
const resultsDir = join(benchDir, "results");
const LOAD = join(here, "load.mjs");

// ---------------------------------------------------------------------------------------------
// Settings: flags, then environment.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const flags = new Set(args.filter((arg) => arg.startsWith("--")));
const filters = [
  ...args.filter((arg) => !arg.startsWith("--")),
  ...(process.env.BENCH_FILTER ?? "").split(/[\s,]+/).filter(Boolean),
];
for (const flag of flags) {
  if (!["--quick", "--list", "--cpu-prof", "--help"].includes(flag)) {
    console.error(`unknown option ${flag}; see bench/README.md`);
    process.exit(2);
  }
}
if (flags.has("--help")) {
  console.log(
    "pnpm bench [--quick] [--list] [--cpu-prof] [row filter...]\n" +
      "  env: BENCH_DURATION, BENCH_RUNS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_LOGIN_CONNECTIONS, BCRYPT_COST,\n" +
      "       BENCH_FILTER, BENCH_TIMEOUT, BENCH_BUSY_RETRIES, BENCH_SERVER_ENV, MONGODB_URI (see bench/README.md)",
  );
  process.exit(0);
}
if (flags.has("--list")) {
  for (const row of ROWS) {
    const vs = row.baseline ? `  (vs ${row.baseline}${row.target ? `, target ${row.target.op} ${row.target.value}` : ""})` : "";
    console.log(`${row.id.padEnd(24)} ${row.title}${vs}`);
  }
  process.exit(0);
}

const quick = flags.has("--quick");
const settings = {
  durationS: positive("BENCH_DURATION", quick ? 2 : 3),
  runs: Math.round(positive("BENCH_RUNS", quick ? 3 : 5)),
  warmupS: positive("BENCH_WARMUP", quick ? 1 : 2, true),
  connections: Math.round(positive("BENCH_CONNECTIONS", 50)),
  loginConnections: Math.round(positive("BENCH_LOGIN_CONNECTIONS", 8)),
  bcryptCost: Math.round(positive("BCRYPT_COST", 12)),
  timeoutS: positive("BENCH_TIMEOUT", 900),
  busyRetries: Math.round(positive("BENCH_BUSY_RETRIES", 1, true)),
  cpuProf: flags.has("--cpu-prof"),
  serverEnv: (process.env.BENCH_SERVER_ENV ?? "").split(/\s+/).filter(Boolean),
};

function positive(name, fallback, zeroOk = false) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    console.error(`${name} must be a ${zeroOk ? "non-negative" : "positive"} number, not "${raw}"`);
    process.exit(2);
  }
  return value;
}

let selected;
try {
  selected = selectRows(filters);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Clean-up: every child by PID, the Mongo container, the docker engine if the bench started it.
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
let mongo = null;
const madeDatabases = [];
let finishing = false;

async function cleanUp() {
  for (const handle of [...children.values()]) await stopChild(handle, { graceMs: 5_000 });
  if (mongo?.uri) {
    if (mongo.external && madeDatabases.length) await dropDatabases(mongo.uri, madeDatabases).catch(() => {});
    await mongo.release().catch(() => {});
  }
}

async function abort(reason, code) {
  if (finishing) return;
  finishing = true;
  console.error(`\n[bench] ${reason}: stopping every process the bench started`);
  await cleanUp();
  process.exit(code);
}

process.on("exit", killAllChildrenSync);
process.once("SIGINT", () => abort("interrupted", 130));
process.once("SIGTERM", () => abort("terminated", 143));
const hardStop = setTimeout(() => abort(`hard timeout of ${settings.timeoutS} s reached (BENCH_TIMEOUT)`, 1), settings.timeoutS * 1000);
hardStop.unref();

const log = (message) => console.log(`[bench] ${message}`);

// ---------------------------------------------------------------------------------------------
// Servers.

/** Environment for a server: only what it needs, so a MONGODB_URI or other Tessera setting in the
 * caller's environment never leaks into a row that should not have it. */
function baseEnv() {
  const env = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "SYSTEMROOT"]) if (process.env[name]) env[name] = process.env[name];
  return env;
}

function databaseFor(row) {
  const name = `tessera_bench_${row.id.replace(/-/g, "_")}_${runId}`;
  madeDatabases.push(name);
  return name;
}

async function startServer(row) {
  const env = { ...baseEnv(), HOST: "127.0.0.1", BCRYPT_COST: String(settings.bcryptCost) };
  let script;
  if (row.server.app) {
    // BENCH_EXPRESS_MAIN / BENCH_KOA_MAIN: another build of an app (a candidate patch) for the app rows.
    script = process.env[`BENCH_${row.server.app.toUpperCase()}_MAIN`] || join(root, "apps", row.server.app, "dist", "main.js");
    if (row.server.store === "mongo") {
      env.MONGODB_URI = mongo.uri;
      env.MONGODB_DB = databaseFor(row);
    }
  } else {
    script = join(here, "servers", row.server.script);
    env.MODE = row.server.mode;
    Object.assign(env, row.server.env);
    env.BENCH_PASSWORD = PASSWORD;
    if (row.mongo) {
      env.BENCH_MONGODB_URI = mongo.uri;
      env.BENCH_MONGODB_DB = databaseFor(row);
    }
  }
  // Experiments: BENCH_SERVER_ENV="UV_THREADPOOL_SIZE=1 ..." reaches every server of the run.
  for (const pair of settings.serverEnv) {
    const index = pair.indexOf("=");
    if (index > 0) env[pair.slice(0, index)] = pair.slice(index + 1);
  }
  const nodeArgs = [];
  if (settings.cpuProf) {
    row.profileDir = join(resultsDir, "profiles", row.id);
    rmSync(row.profileDir, { recursive: true, force: true });
    mkdirSync(row.profileDir, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${row.profileDir}`);
  }
  // A free port chosen here, then polled: readiness does not depend on what the server logs
  // (LOG_LEVEL=warn silences the apps' "listening" line). A lost race for the port is retried.
  for (let attempt = 1; ; attempt++) {
    env.PORT = String(await freePort());
    const handle = startChild(row.id, process.execPath, [...nodeArgs, script], { env, cwd: root });
    if (await waitForHttp(`http://127.0.0.1:${env.PORT}/`, handle, 30_000)) {
      row.handle = handle;
      row.base = `http://127.0.0.1:${env.PORT}`;
      return;
    }
    const alive = handle.alive();
    await stopChild(handle, { signal: "SIGKILL" });
    const why = `${alive ? "not answering after 30 s" : "exited"}: ${handle.tail.slice(-3).join(" | ")}`;
    if (alive || attempt >= 2 || !/EADDRINUSE/.test(why)) throw new Error(`${row.id}: server ${why}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads: set-up over HTTP (a user, a session cookie), then the load generator's jobs.

const PASSWORD = "bench: correct horse battery staple";
const JSON_HEADERS = { "content-type": "application/json" };

async function post(url, body, headers = {}) {
  return httpRequest(url, { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
}

/** Registers a user on a Tessera app and returns its session cookie. */
async function register(row, email) {
  const response = await post(`${row.base}/api/users/register`, { email, password: PASSWORD });
  if (response.status !== 201) throw new Error(`${row.id}: register answered ${response.status} ${response.body.slice(0, 200)}`);
  const cookie = cookieHeader(response);
  if (!cookie) throw new Error(`${row.id}: register set no cookie`);
  return cookie;
}

async function expectOk(row, url, headers, check) {
  const response = await httpRequest(url, { headers });
  if (response.status !== 200 || !check(response.body)) {
    throw new Error(`${row.id}: GET ${url} answered ${response.status} ${response.body.slice(0, 200)}`);
  }
}

async function setUp(row) {
  const email = `${row.id}-${runId}@example.org`;
  const readJob = (cookie) => ({
    name: "reads",
    url: `${row.base}/api/users/me`,
    headers: { cookie },
    connections: settings.connections,
    timeout: 10,
  });
  // Logins go round many accounts, as real ones do: each account has 5 throttle slots, and a storm
  // of parallel logins to one account would be (rightly) throttled, not measured.
  const loginJob = (emails) => ({
    name: "logins",
    url: `${row.base}/api/users/login`,
    method: "POST",
    headers: JSON_HEADERS,
    bodies: emails.map((userEmail) => JSON.stringify({ email: userEmail, password: PASSWORD })),
    connections: settings.loginConnections,
    timeout: 60,
  });
  const registerMany = async (prefix) => {
    const emails = Array.from({ length: settings.loginConnections * 2 }, (_, i) => `${prefix}-${i}-${email}`);
    for (const each of emails) await register(row, each);
    return emails;
  };
  const hasUser = (expected) => (body) => {
    try {
      return JSON.parse(body).user?.email === expected;
    } catch {
      return false;
    }
  };

  switch (row.workload) {
    case "hello": {
      await expectOk(row, `${row.base}/`, {}, (body) => JSON.parse(body).hello === "world");
      row.jobs = [{ name: "hello", url: `${row.base}/`, connections: settings.connections, timeout: 10 }];
      break;
    }
    case "me": {
      let cookie;
      if (row.server.app) cookie = await register(row, email);
      else {
        const response = await post(`${row.base}/login`, { email });
        if (response.status !== 200) throw new Error(`${row.id}: POST /login answered ${response.status}`);
        cookie = cookieHeader(response);
      }
      await expectOk(row, `${row.base}/api/users/me`, { cookie }, hasUser(email));
      row.jobs = [readJob(cookie)];
      break;
    }
    case "login": {
      const emails = row.server.app ? await registerMany("login") : [email];
      const response = await post(`${row.base}/api/users/login`, { email: emails[0], password: PASSWORD });
      if (response.status !== 200) throw new Error(`${row.id}: login answered ${response.status} ${response.body.slice(0, 200)}`);
      row.jobs = [loginJob(emails)];
      break;
    }
    case "mixed": {
      const cookie = await register(row, email);
      const stormEmails = await registerMany("storm");
      await expectOk(row, `${row.base}/api/users/me`, { cookie }, hasUser(email));
      row.aloneJobs = [readJob(cookie)];
      row.jobs = [readJob(cookie), { ...loginJob(stormEmails), background: true }];
      break;
    }
    default:
      throw new Error(`unknown workload ${row.workload}`);
  }
}

/** One load-generator process running `jobs`; server CPU is read when the load starts and ends. */
async function drive(row, jobs, durationS) {
  // Login rows make a fixed number of logins (row.loginAmount, the same for every login row of the
  // run), so that no login is cut off in flight while its CPU is counted.
  const amount = row.workload === "login" && row.loginAmount ? row.loginAmount : 0;
  const limitS = amount ? Math.max(60, (4 * amount) / row.loginRate) : durationS;
  const spec = {
    jobs: jobs.map((job) => ({ ...job, duration: durationS, ...(amount && !job.background ? { amount, limitS } : {}) })),
    leadMs: 500,
  };
  let started;
  let done;
  const startedP = new Promise((resolve) => (started = resolve));
  const doneP = new Promise((resolve) => (done = resolve));
  const load = startChild(`load:${row.id}`, process.execPath, [LOAD, JSON.stringify(spec)], { cwd: benchDir, ipc: true });
  load.child.on("message", (message) => {
    if (message?.type === "started") started(sample(row, load.pid));
    else if (message?.type === "done") done({ at: sample(row, load.pid), jobs: message.jobs });
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
      databaseCpuPct: row.mongo && mongo?.pid ? (100 * (end.at.database - begin.database)) / wallS : null,
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

function sample(row, loadPid) {
  let database = 0;
  if (row.mongo && mongo?.pid) {
    try {
      database = cpuSeconds(mongo.pid);
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

// ---------------------------------------------------------------------------------------------
// Running groups.

function median(values) {
  const sorted = values.filter((value) => typeof value === "number" && Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianOf(runs) {
  const pick = (key) => median(runs.map((run) => run[key]));
  return {
    rps: pick("rps"),
    p50: pick("p50"),
    p99: pick("p99"),
    cpuUsPerReq: pick("cpuUsPerReq"),
    serverCpuPct: pick("serverCpuPct"),
    generatorCpuPct: pick("generatorCpuPct"),
    databaseCpuPct: pick("databaseCpuPct"),
    otherCpuPct: pick("otherCpuPct"),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/**
 * One measured run. When something outside the bench took more than BUSY_PCT of a core meanwhile (a
 * build, a test suite), the run is thrown away and repeated after a pause, at most BENCH_BUSY_RETRIES
 * times; the last one counts either way, and the table says when a row's figures stayed suspect.
 */
const BUSY_PCT = 20;
async function measure(row, jobs) {
  for (let attempt = 0; ; attempt++) {
    const result = await drive(row, jobs, settings.durationS);
    const measurable = !(row.mongo && !mongo?.pid);
    if (!measurable || result.otherCpuPct <= BUSY_PCT || attempt >= settings.busyRetries) {
      result.repeatedForBusyMachine = attempt;
      return result;
    }
    log(`  ${row.id}: other processes used ${fmt(result.otherCpuPct, 0)}% of a core during the run; repeating it in 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

async function runGroup(group, rows) {
  const groupStart = performance.now();
  log(`group ${group}: starting ${rows.map((row) => row.id).join(", ")}`);
  const live = [];
  for (const row of rows) {
    try {
      await startServer(row);
      await setUp(row);
      live.push(row);
    } catch (error) {
      row.error = error.message;
      log(`  ${row.id}: ${error.message}`);
      if (row.handle) await stopChild(row.handle);
    }
  }
  try {
    if (settings.warmupS > 0) {
      for (const row of live) {
        try {
          const warm = await drive(row, row.jobs, row.workload === "login" ? Math.max(2, settings.warmupS) : settings.warmupS);
          row.warmupRequests = warm.jobs.reduce((sum, job) => sum + job.ok + job.non2xx, 0);
          if (row.workload === "login") row.loginRate = Math.max(0.5, warm.rps);
        } catch (error) {
          row.error = error.message;
          log(`  ${row.id}: warm-up failed: ${error.message}`);
        }
      }
    }
    for (const row of live) {
      row.runs = [];
      row.aloneRuns = [];
    }
    // One number of logins for every login row, a whole number of rounds of all connections, sized
    // from the fastest warm-up to last about BENCH_DURATION: rows then differ only in their servers.
    const loginRows = live.filter((row) => row.workload === "login" && row.loginRate);
    if (loginRows.length) {
      const fastest = Math.max(...loginRows.map((row) => row.loginRate));
      const rounds = Math.max(2, Math.round((fastest * settings.durationS) / settings.loginConnections));
      for (const row of loginRows) row.loginAmount = rounds * settings.loginConnections;
    }
    for (let run = 1; run <= settings.runs; run++) {
      for (const row of live) {
        if (row.error) continue;
        try {
          if (row.workload === "mixed") {
            const alone = await measure(row, row.aloneJobs);
            row.aloneRuns.push(alone);
            const storm = await measure(row, row.jobs);
            const logins = storm.jobs.find((job) => job.name === "logins");
            storm.loginsPerS = logins ? logins.rps : null;
            row.runs.push(storm);
          } else {
            row.runs.push(await measure(row, row.jobs));
          }
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

// ---------------------------------------------------------------------------------------------
// Report.

function fmt(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "-";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function computeRatios(rows) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of rows) {
    if (!row.median) continue;
    if (row.workload === "mixed") {
      if (row.alone?.p99) row.ratio = row.median.p99 / row.alone.p99;
      row.ratioOf = "read p99 with storm / without";
    } else if (row.baseline) {
      const base = byId.get(row.baseline);
      if (base?.median?.rps) row.ratio = row.median.rps / base.median.rps;
      row.ratioOf = `req/s vs ${row.baseline}`;
    }
    if (row.target && row.ratio !== undefined) {
      row.targetMet = row.target.op === ">=" ? row.ratio >= row.target.value : row.ratio <= row.target.value;
    }
  }
}

function table(rows) {
  const header = ["row", "conn", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "srv CPU", "gen CPU", "db CPU", "other", "peak RSS", "ratio", "vs (target)"];
  const lines = [];
  for (const row of rows) {
    if (!row.median) {
      lines.push([row.id, "", "", "", "", "", "", "", "", "", "", "", row.error ? `error: ${row.error.slice(0, 80)}` : row.skipped ?? "not run"]);
      continue;
    }
    const m = row.median;
    const conn = row.workload === "login" ? settings.loginConnections : row.workload === "mixed" ? `${settings.connections}+${settings.loginConnections}` : settings.connections;
    let vs = "";
    if (row.workload === "mixed") vs = "read p99 alone";
    else if (row.baseline) vs = row.baseline;
    if (row.target) {
      const verdict = row.targetMet === undefined ? "?" : row.targetMet ? "met" : "MISSED";
      vs += ` (${row.target.op} ${row.target.value}: ${verdict})`;
    }
    lines.push([
      row.id,
      String(conn),
      fmt(m.rps, m.rps < 100 ? 1 : 0),
      fmt(m.p50, 2),
      fmt(m.p99, 2),
      fmt(m.cpuUsPerReq, 1),
      `${fmt(m.serverCpuPct, 0)}%`,
      `${fmt(m.generatorCpuPct, 0)}%`,
      m.databaseCpuPct === null ? "" : `${fmt(m.databaseCpuPct, 0)}%`,
      `${fmt(m.otherCpuPct, 0)}%`,
      row.peakRssMiB ? `${fmt(row.peakRssMiB, 1)} MiB` : "-",
      row.ratio === undefined ? "" : `${fmt(row.ratio, 2)}x`,
      vs + (m.failures ? ` [${m.failures} failed requests]` : ""),
    ]);
  }
  const widths = header.map((title, index) => Math.max(title.length, ...lines.map((line) => line[index].length)));
  const right = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const render = (cells) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : right.has(index) ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join("  ")
      .trimEnd();
  return [render(header), widths.map((width, index) => (index === header.length - 1 ? "-".repeat(Math.max(width, 11)) : "-".repeat(width))).join("  "), ...lines.map(render)].join("\n");
}

function gitState() {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const changed = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((line) => line.trim() && !/ bench\//.test(line) && !/pnpm-(lock|workspace)\.yaml|package\.json$/.test(line));
    return { commit, changedFilesOutsideBench: changed.length };
  } catch {
    return { commit: null, changedFilesOutsideBench: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Main.

const started = new Date();
const host = machine();
const git = gitState();
log(
  `${started.toISOString()}  ${host.nproc} cores, ${host.cpuModel}, Node ${host.node}; ` +
    `${settings.runs} runs x ${settings.durationS} s after ${settings.warmupS} s warm-up, ${settings.connections} connections ` +
    `(logins: ${settings.loginConnections}), bcrypt cost ${settings.bcryptCost}`,
);
for (const row of selected) {
  if (row.server.app) {
    const main = process.env[`BENCH_${row.server.app.toUpperCase()}_MAIN`] || join(root, "apps", row.server.app, "dist", "main.js");
    if (!existsSync(main)) {
      console.error(`${relative(root, main)} is missing: run pnpm build first (pnpm bench does)`);
      process.exit(1);
    }
  }
}

const skippedLines = [];
for (const group of GROUPS) {
  const rows = selected.filter((row) => row.group === group);
  if (!rows.length || finishing) continue;
  if (rows.some((row) => row.mongo) && !mongo) {
    mongo = await acquireMongo({ root, runId, log });
    if (mongo.skip) {
      skippedLines.push(`Mongo rows skipped: no MongoDB-wire server (${mongo.skip}); set MONGODB_URI to run them.`);
      console.log(`[bench] ${skippedLines.at(-1)}`);
    } else log(`Mongo rows use ${mongo.source}`);
  }
  if (rows.some((row) => row.mongo) && mongo.skip) {
    for (const row of rows) row.skipped = "skipped: no MongoDB";
    continue;
  }
  try {
    await runGroup(group, rows);
  } catch (error) {
    for (const row of rows) row.error ??= error.message;
    log(`group ${group} failed: ${error.stack ?? error}`);
  }
}

await cleanUp();
clearTimeout(hardStop);
computeRatios(selected);

const finished = new Date();
const lines = [];
lines.push(
  `Tessera bench, ${started.toISOString()} (${((finished - started) / 1000).toFixed(0)} s); ${host.nproc} cores, ${host.cpuModel}, Node ${host.node}, Linux ${host.kernel}`,
);
lines.push(
  `commit ${git.commit ?? "?"}${git.changedFilesOutsideBench ? ` + ${git.changedFilesOutsideBench} uncommitted file(s) outside bench/` : ""}; ` +
    `GET /api/users/me with a session cookie unless said; median of ${settings.runs} runs x ${settings.durationS} s ` +
    `after ${settings.warmupS} s warm-up; autocannon in its own process, 127.0.0.1; bcrypt cost ${settings.bcryptCost}` +
    (settings.serverEnv.length ? `; server env ${settings.serverEnv.join(" ")}` : "") +
    ["EXPRESS", "KOA"].map((app) => (process.env[`BENCH_${app}_MAIN`] ? `; ${app.toLowerCase()} app from ${process.env[`BENCH_${app}_MAIN`]}` : "")).join("") +
    (mongo && !mongo.skip ? `; Mongo: ${mongo.source}` : ""),
);
lines.push("");
lines.push(table(selected));
lines.push("");
lines.push(
  "CPU µs/req: the server process's utime+stime over requests answered. srv / gen / db / other CPU: used during the runs, in % of one core, " +
    "by the server, by the load generator (near 100%: the row is generator-bound), by the database container, and by everything " +
    "else on the machine (near 0 on an otherwise idle machine). peak RSS: the server's VmHWM.",
);
for (const row of selected) {
  if (row.workload === "mixed" && row.median && row.alone) {
    lines.push(
      `${row.id}: reads alone ${fmt(row.alone.rps, 0)} req/s, p50 ${fmt(row.alone.p50, 2)} ms, p99 ${fmt(row.alone.p99, 2)} ms; ` +
        `during a login storm (${settings.loginConnections} connections, ${fmt(row.median.loginsPerS, 1)} logins/s) ` +
        `${fmt(row.median.rps, 0)} req/s, p50 ${fmt(row.median.p50, 2)} ms, p99 ${fmt(row.median.p99, 2)} ms; CPU µs/req counts reads and logins.`,
    );
  }
}
for (const row of selected) {
  if (row.workload === "login" && row.median) lines.push(`${row.id}: ${fmt(row.median.rps, 1)} logins/s at bcrypt cost ${settings.bcryptCost}.`);
}
const generatorBound = selected.filter((row) => row.median && row.median.generatorCpuPct >= 90);
if (generatorBound.length) {
  lines.push(`Generator-bound (load generator at >= 90% of a core): ${generatorBound.map((row) => row.id).join(", ")}; their req/s are lower bounds.`);
}
const busy = selected.filter((row) => row.median && row.median.otherCpuPct > BUSY_PCT && !(row.mongo && !mongo?.pid));
if (busy.length) {
  lines.push(`Busy machine: other processes used > ${BUSY_PCT}% of a core during ${busy.map((row) => row.id).join(", ")}; those figures are suspect.`);
}
lines.push(...skippedLines);
const targets = selected.filter((row) => row.target && row.median);
if (targets.length) {
  lines.push(
    `Targets: ${targets
      .map((row) => `${row.id} ${fmt(row.ratio, 2)}x ${row.target.op} ${row.target.value} ${row.targetMet ? "met" : "MISSED"}`)
      .join("; ")}`,
  );
}
const report = lines.join("\n");
console.log(`\n${report}`);

const profiles = [];
if (settings.cpuProf) {
  for (const row of selected) {
    if (!row.profileDir) continue;
    for (const file of readdirSync(row.profileDir).filter((name) => name.endsWith(".cpuprofile"))) {
      const path = join(row.profileDir, file);
      const summary = summariseProfile(path, 20);
      profiles.push({ row: row.id, file: relative(root, path), summary });
      console.log(`\n${formatSummary(summary, `${row.id} (${relative(root, path)})`)}`);
    }
  }
}

mkdirSync(resultsDir, { recursive: true });
const json = {
  date: started.toISOString(),
  durationS: (finished - started) / 1000,
  machine: host,
  git,
  settings,
  mongo: mongo ? (mongo.skip ? { skipped: mongo.skip } : { source: mongo.source }) : null,
  rows: selected.map((row) => ({
    id: row.id,
    group: row.group,
    title: row.title,
    workload: row.workload,
    connections: row.workload === "login" ? settings.loginConnections : settings.connections,
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
console.log(`\n[bench] wrote ${relative(root, out)}`);
process.exit(0);
