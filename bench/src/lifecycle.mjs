// The bench's own life: what it has started (children by PID, the Mongo server, the databases it
// made), and how all of it is stopped, whether the run ends, is interrupted (Ctrl-C, SIGTERM) or
// runs past BENCH_TIMEOUT. Nothing is ever stopped by name: only what the bench started.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropDatabases } from "./lib/mongo.mjs";
import { children, killAllChildrenSync, stopChild } from "./lib/proc.mjs";

/**
 * The state every module of a run shares: `settings`, a `runId` that names its users and databases,
 * and `mongo` once acquired ({uri, pid?, source, release} or {skip}). Installs the signal handlers
 * and the hard time limit; `finish()` stops everything and clears the limit.
 */
export function openBench(settings) {
  const bench = {
    settings,
    runId: `${Date.now().toString(36)}${process.pid.toString(36)}`,
    mongo: null,
    madeDatabases: [],
    /** The directory of this run's SQLite files, made at the first one. */
    sqliteDir: null,
    finishing: false,
  };

  async function cleanUp() {
    for (const handle of [...children.values()]) await stopChild(handle, { graceMs: 5_000 });
    const { mongo } = bench;
    if (mongo?.uri) {
      if (mongo.external && bench.madeDatabases.length) await dropDatabases(mongo.uri, bench.madeDatabases).catch(() => {});
      await mongo.release().catch(() => {});
    }
    if (bench.sqliteDir) rmSync(bench.sqliteDir, { recursive: true, force: true });
  }

  async function abort(reason, code) {
    if (bench.finishing) return;
    bench.finishing = true;
    console.error(`\n[bench] ${reason}: stopping every process the bench started`);
    await cleanUp();
    process.exit(code);
  }

  process.on("exit", killAllChildrenSync);
  process.once("SIGINT", () => abort("interrupted", 130));
  process.once("SIGTERM", () => abort("terminated", 143));
  const hardStop = setTimeout(() => abort(`hard timeout of ${settings.timeoutS} s reached (BENCH_TIMEOUT)`, 1), settings.timeoutS * 1000);
  hardStop.unref();

  bench.finish = async () => {
    await cleanUp();
    clearTimeout(hardStop);
  };
  return bench;
}

/** A database for a Mongo row, named after the row and the run; remembered so it is dropped at the end. */
/** A new SQLite file for one row, in a directory of the run's own (removed when the run ends). */
export function sqliteFileFor(bench, row) {
  bench.sqliteDir ??= mkdtempSync(join(tmpdir(), "tessera-bench-"));
  return join(bench.sqliteDir, `${row.id}.db`);
}

export function databaseFor(bench, row) {
  const name = `tessera_bench_${row.id.replace(/-/g, "_")}_${bench.runId}`;
  bench.madeDatabases.push(name);
  return name;
}
