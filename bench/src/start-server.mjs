// One row's server, in a process of its own: an app from the apps table, or a script of
// src/servers/. It gets only the environment it needs, a free port, and (with --cpu-prof) a
// directory for its profile; it is ready when it answers HTTP.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { appMain } from "./apps.mjs";
import { databaseFor, sqliteFileFor } from "./lifecycle.mjs";
import { freePort, startChild, stopChild, waitForHttp } from "./lib/proc.mjs";
import { resultsDir, root, serversDir } from "./paths.mjs";
import { PASSWORD } from "./workloads.mjs";

/** Environment for a server: only what it needs, so a MONGODB_URI or other Tessera setting in the
 * caller's environment never leaks into a row that should not have it. */
function baseEnv() {
  const env = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "SYSTEMROOT"]) if (process.env[name]) env[name] = process.env[name];
  return env;
}

/** Starts `row`'s server; sets row.handle (the child) and row.base (its http://127.0.0.1:port). */
export async function startServer(bench, row) {
  const { settings, mongo } = bench;
  const env = { ...baseEnv(), HOST: "127.0.0.1", BCRYPT_COST: String(settings.bcryptCost) };
  let script;
  if (row.server.app) {
    // The apps table's main, or BENCH_<NAME>_MAIN: another build of an app (a candidate patch).
    script = appMain(row.server.app);
    if (row.server.store === "mongo") {
      env.MONGODB_URI = mongo.uri;
      env.MONGODB_DB = databaseFor(bench, row);
    } else if (row.server.store === "sqlite") {
      env.DATABASE_URL = `sqlite:${sqliteFileFor(bench, row)}`;
    } else {
      // Named, not left to the app's default: an app whose default store is a file (SQLite under
      // its working directory) would otherwise measure that file and leave it in the work tree.
      env.DATABASE_URL = "memory:";
    }
    Object.assign(env, row.server.env);
  } else {
    script = join(serversDir, row.server.script);
    env.MODE = row.server.mode;
    Object.assign(env, row.server.env);
    env.BENCH_PASSWORD = PASSWORD;
    if (row.mongo) {
      env.BENCH_MONGODB_URI = mongo.uri;
      env.BENCH_MONGODB_DB = databaseFor(bench, row);
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
