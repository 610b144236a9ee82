// The command line and the environment, read once: flags, row filters, and the settings every other
// module takes as an argument (none reads process.env for a setting of its own). A bad value stops
// the bench with exit status 2 before anything is started.

const FLAGS = ["--quick", "--list", "--cpu-prof", "--help"];

export const USAGE =
  "pnpm bench [--quick] [--list] [--cpu-prof] [row filter...]\n" +
  "  env: BENCH_DURATION, BENCH_RUNS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_LOGIN_CONNECTIONS, BCRYPT_COST,\n" +
  "       BENCH_FILTER, BENCH_TIMEOUT, BENCH_BUSY_RETRIES, BENCH_SERVER_ENV, MONGODB_URI (see bench/README.md)";

/** Flags and row filters (the arguments, then BENCH_FILTER). An unknown flag exits 2. */
export function readCommandLine(argv = process.argv.slice(2), env = process.env) {
  const args = argv.filter((arg) => arg !== "--");
  const flags = new Set(args.filter((arg) => arg.startsWith("--")));
  for (const flag of flags) {
    if (!FLAGS.includes(flag)) fail(`unknown option ${flag}; see bench/README.md`);
  }
  const filters = [...args.filter((arg) => !arg.startsWith("--")), ...(env.BENCH_FILTER ?? "").split(/[\s,]+/).filter(Boolean)];
  return { flags, filters };
}

/** The run's settings: --quick changes the defaults, the environment overrides them. */
export function readSettings(flags, env = process.env) {
  const quick = flags.has("--quick");
  const positive = (name, fallback, zeroOk = false) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
      fail(`${name} must be a ${zeroOk ? "non-negative" : "positive"} number, not "${raw}"`);
    }
    return value;
  };
  return {
    durationS: positive("BENCH_DURATION", quick ? 2 : 3),
    runs: Math.round(positive("BENCH_RUNS", quick ? 3 : 5)),
    warmupS: positive("BENCH_WARMUP", quick ? 1 : 2, true),
    connections: Math.round(positive("BENCH_CONNECTIONS", 50)),
    loginConnections: Math.round(positive("BENCH_LOGIN_CONNECTIONS", 8)),
    bcryptCost: Math.round(positive("BCRYPT_COST", 12)),
    timeoutS: positive("BENCH_TIMEOUT", 900),
    busyRetries: Math.round(positive("BENCH_BUSY_RETRIES", 1, true)),
    cpuProf: flags.has("--cpu-prof"),
    serverEnv: (env.BENCH_SERVER_ENV ?? "").split(/\s+/).filter(Boolean),
  };
}

/** One line per row for --list: its title, what it is compared with and the target. */
export function listRows(rows) {
  return rows.map((row) => {
    const target = row.target ? `, target ${row.target.op} ${row.target.value}` : "";
    const also = row.alsoVs ? `; also vs ${row.alsoVs}` : "";
    const vs = row.baseline ? `  (vs ${row.baseline}${target}${also})` : "";
    return `${row.id.padEnd(24)} ${row.title}${vs}`;
  });
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
