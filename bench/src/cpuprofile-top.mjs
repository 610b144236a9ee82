#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: the top functions, and the same time
// summed by where the code lives (a workspace package, a dependency, node's internals, the engine).
//   node bench/src/cpuprofile-top.mjs <file.cpuprofile> [top N, default 25]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** @returns {{ totalMs: number, idleMs: number, functions: Array<{name, where, selfMs, pct}>, places: Array<{place, selfMs, pct}> }} */
export function summariseProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap until the next sample (V8 stores the gap before each one).
    const delta = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, delta));
  }
  const functions = new Map();
  const places = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame ?? { functionName: "?", url: "" };
    const name = frame.functionName || "(anonymous)";
    // Idle time (the event loop waiting) is left out: percentages are of the time the thread worked.
    if (name === "(idle)") {
      idle += us;
      continue;
    }
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${name}\u0000${where}`;
    const entry = functions.get(key) ?? { name, where, selfUs: 0 };
    entry.selfUs += us;
    functions.set(key, entry);
    const place = placeOf(frame.url, name);
    places.set(place, (places.get(place) ?? 0) + us);
    total += us;
  }
  const pct = (us) => (total ? (100 * us) / total : 0);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.selfUs / 1000, pct: pct(entry.selfUs) })),
    places: [...places]
      .sort((a, b) => b[1] - a[1])
      .map(([place, us]) => ({ place, selfMs: us / 1000, pct: pct(us) })),
  };
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, "");
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/.exec(path);
  if (pnpm) return pnpm[1];
  const workspace = /\/((?:packages|apps|bench)\/.+)$/.exec(path);
  if (workspace) return workspace[1];
  return path;
}

function placeOf(url, name) {
  if (!url) return name.startsWith("(") ? name : "(native / engine)";
  if (url.startsWith("node:")) return "node internals";
  const path = url.replace(/^file:\/\//, "");
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dep) return dep[1];
  const workspace = /\/((?:packages|apps)\/[^/]+)\//.exec(path);
  if (workspace) return workspace[1];
  return path;
}

export function formatSummary(summary, title) {
  const lines = [`${title}: ${summary.totalMs.toFixed(0)} ms busy (${summary.idleMs.toFixed(0)} ms idle left out)`];
  lines.push("  self ms    self %  function  (where)");
  for (const entry of summary.functions) {
    lines.push(`  ${entry.selfMs.toFixed(1).padStart(8)}  ${entry.pct.toFixed(1).padStart(6)}%  ${entry.name}  ${entry.where}`);
  }
  lines.push("  by place:");
  for (const entry of summary.places.slice(0, 15)) {
    lines.push(`  ${entry.selfMs.toFixed(1).padStart(8)}  ${entry.pct.toFixed(1).padStart(6)}%  ${entry.place}`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/src/cpuprofile-top.mjs <file.cpuprofile> [top N]");
    process.exit(2);
  }
  console.log(formatSummary(summariseProfile(file, Number(top ?? 25)), file));
}
