// The report: each row's ratio to its baseline and verdict on its target, the table, and the lines
// under it (what the columns mean, what to distrust). It asserts nothing: a missed target is printed
// as MISSED, never thrown.
import { execFileSync } from "node:child_process";
import { APPS, overrideOf } from "./apps.mjs";
import { fmt } from "./format.mjs";
import { BUSY_PCT } from "./measure.mjs";
import { root } from "./paths.mjs";
import { isHashing } from "./workloads.mjs";

/**
 * row.ratio (req/s over the baseline's; mixed rows: read p99 with the storm over without it),
 * row.targetMet, and row.alsoRatio: the same ratio to a second row (alsoVs), shown for reference.
 */
export function computeRatios(rows) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const rpsRatio = (row, otherId) => {
    const other = byId.get(otherId);
    return other?.median?.rps ? row.median.rps / other.median.rps : undefined;
  };
  for (const row of rows) {
    if (!row.median) continue;
    if (row.workload === "mixed") {
      if (row.alone?.p99) row.ratio = row.median.p99 / row.alone.p99;
      row.ratioOf = "read p99 with storm / without";
    } else if (row.baseline) {
      row.ratio = rpsRatio(row, row.baseline);
      row.ratioOf = `req/s vs ${row.baseline}`;
    }
    if (row.alsoVs) row.alsoRatio = rpsRatio(row, row.alsoVs);
    if (row.target && row.ratio !== undefined) {
      row.targetMet = row.target.op === ">=" ? row.ratio >= row.target.value : row.ratio <= row.target.value;
    }
  }
}

function table(settings, rows) {
  const header = ["row", "conn", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "srv CPU", "gen CPU", "db CPU", "other", "peak RSS", "ratio", "vs (target)"];
  const lines = [];
  for (const row of rows) {
    if (!row.median) {
      lines.push([row.id, "", "", "", "", "", "", "", "", "", "", "", row.error ? `error: ${row.error.slice(0, 80)}` : row.skipped ?? "not run"]);
      continue;
    }
    const m = row.median;
    const conn = isHashing(row) ? settings.loginConnections : row.workload === "mixed" ? `${settings.connections}+${settings.loginConnections}` : settings.connections;
    let vs = "";
    if (row.workload === "mixed") vs = "read p99 alone";
    else if (row.baseline) vs = row.baseline;
    if (row.target) {
      const verdict = row.targetMet === undefined ? "?" : row.targetMet ? "met" : "MISSED";
      vs += ` (${row.target.op} ${row.target.value}: ${verdict})`;
    }
    if (row.alsoRatio !== undefined) vs += `; ${fmt(row.alsoRatio, 2)}x vs ${row.alsoVs}`;
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

/** The commit, and how many files outside bench/ (lockfile and manifests aside) differ from it. */
export function gitState() {
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

/** The whole report as printed and stored in latest.json: two heading lines, the table, the notes. */
export function reportText({ started, finished, host, git, settings, mongo, rows, skippedLines }) {
  const lines = [];
  lines.push(
    `Tessera bench, ${started.toISOString()} (${((finished - started) / 1000).toFixed(0)} s); ${host.nproc} cores, ${host.cpuModel}, Node ${host.node}, Linux ${host.kernel}`,
  );
  lines.push(
    `commit ${git.commit ?? "?"}${git.changedFilesOutsideBench ? ` + ${git.changedFilesOutsideBench} uncommitted file(s) outside bench/` : ""}; ` +
      `GET /api/users/me with a session cookie unless said; median of ${settings.runs} runs x ${settings.durationS} s ` +
      `after ${settings.warmupS} s warm-up; autocannon in its own process, 127.0.0.1; bcrypt cost ${settings.bcryptCost}` +
      (settings.serverEnv.length ? `; server env ${settings.serverEnv.join(" ")}` : "") +
      APPS.map(({ name }) => (overrideOf(name) ? `; ${name} app from ${overrideOf(name)}` : "")).join("") +
      (mongo && !mongo.skip ? `; Mongo: ${mongo.source}` : ""),
  );
  lines.push("");
  lines.push(table(settings, rows));
  lines.push("");
  lines.push(
    "CPU µs/req: the server process's utime+stime over requests answered. srv / gen / db / other CPU: used during the runs, in % of one core, " +
      "by the server, by the load generator (near 100%: the row is generator-bound), by the database container, and by everything " +
      "else on the machine (near 0 on an otherwise idle machine). peak RSS: the server's VmHWM.",
  );
  for (const row of rows) {
    if (row.workload === "mixed" && row.median && row.alone) {
      lines.push(
        `${row.id}: reads alone ${fmt(row.alone.rps, 0)} req/s, p50 ${fmt(row.alone.p50, 2)} ms, p99 ${fmt(row.alone.p99, 2)} ms; ` +
          `during a login storm (${settings.loginConnections} connections, ${fmt(row.median.loginsPerS, 1)} logins/s) ` +
          `${fmt(row.median.rps, 0)} req/s, p50 ${fmt(row.median.p50, 2)} ms, p99 ${fmt(row.median.p99, 2)} ms; CPU µs/req counts reads and logins.`,
      );
    }
  }
  for (const row of rows) {
    if (isHashing(row) && row.median) lines.push(`${row.id}: ${fmt(row.median.rps, 1)} ${row.workload === "register" ? "registrations" : "logins"}/s at bcrypt cost ${settings.bcryptCost}.`);
  }
  const generatorBound = rows.filter((row) => row.median && row.median.generatorCpuPct >= 90);
  if (generatorBound.length) {
    lines.push(`Generator-bound (load generator at >= 90% of a core): ${generatorBound.map((row) => row.id).join(", ")}; their req/s are lower bounds.`);
  }
  const busy = rows.filter((row) => row.median && row.median.otherCpuPct > BUSY_PCT && !(row.mongo && !mongo?.pid));
  if (busy.length) {
    lines.push(`Busy machine: other processes used > ${BUSY_PCT}% of a core during ${busy.map((row) => row.id).join(", ")}; those figures are suspect.`);
  }
  lines.push(...skippedLines);
  const targets = rows.filter((row) => row.target && row.median);
  if (targets.length) {
    lines.push(
      `Targets: ${targets
        .map((row) => `${row.id} ${fmt(row.ratio, 2)}x ${row.target.op} ${row.target.value} ${row.targetMet ? "met" : "MISSED"}`)
        .join("; ")}`,
    );
  }
  return lines.join("\n");
}
