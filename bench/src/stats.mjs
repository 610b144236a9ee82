// Medians: each figure of the table is the median of the measured runs, so one slow window (this
// machine's speed wanders by about 20%) moves it little.

export function median(values) {
  const sorted = values.filter((value) => typeof value === "number" && Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of every figure of a row's runs, taken figure by figure; failures are summed. */
export function medianOf(runs) {
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
