// The load generator: one process, separate from every server. It reads a JSON spec (argv[2]),
// runs its jobs with autocannon, and reports over IPC: {type:"started"} when the measured load
// begins, {type:"done", jobs:[...]} at the end. Background jobs (a login storm) start first and are
// stopped when the main jobs end. A job with `amount` makes that many requests instead of running
// for `duration` seconds (logins: every counted login is complete, none is cut off in flight). Latencies are recorded here with sub-millisecond resolution
// (autocannon's own histogram keeps whole milliseconds).
import autocannon from "autocannon";

const spec = JSON.parse(process.argv[2] ?? "{}");
const send = (message) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));

// A hard stop of our own, beyond the runner's: this process never outlives its load.
const longest = Math.max(...spec.jobs.map((job) => job.limitS ?? job.duration));
setTimeout(() => {
  console.error("[load] hard timeout: exiting");
  process.exit(2);
}, (longest + 30) * 1000).unref();

let accounts = 0;
const runTag = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A sign-up body for a new address: { email: `${prefix}-<unique>@${domain}`, password }. */
function newAccount({ prefix, domain, password }) {
  return JSON.stringify({ email: `${prefix}-${runTag}-${accounts++}@${domain}`, password });
}

function start(job) {
  const latencies = [];
  let statusOther = 0;
  // A job with several bodies sends them in turn (logins that go round many accounts).
  let next = 0;
  const bodies = job.bodies ?? [];
  const instance = autocannon({
    url: job.url,
    method: job.method ?? "GET",
    headers: job.headers ?? {},
    body: job.body,
    ...(bodies.length && { requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }] }),
    // Registrations: every request a new address, never used before by this or an earlier run.
    ...(job.newAccounts && { requests: [{ setupRequest: (request) => ({ ...request, body: newAccount(job.newAccounts) }) }] }),
    connections: job.connections,
    // A fixed number of requests (amount) when given, else a fixed time.
    ...(job.amount ? { amount: job.amount } : { duration: job.duration }),
    timeout: job.timeout ?? 10,
    pipelining: 1,
  });
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else statusOther++;
  });
  const done = new Promise((resolve, reject) => {
    instance.on("done", resolve);
    instance.on("error", reject);
  });
  return { job, instance, latencies, done, statusOther: () => statusOther };
}

function summarise({ job, latencies, statusOther }, result) {
  const sorted = Float64Array.from(latencies).sort();
  const pick = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null);
  const ok = result["2xx"];
  return {
    name: job.name,
    durationS: result.duration,
    ok,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: ok / result.duration,
    latencyMs: {
      p50: pick(0.5),
      p99: pick(0.99),
      mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null,
      max: sorted.length ? sorted[sorted.length - 1] : null,
    },
    ignoredOther: statusOther(),
  };
}

const background = spec.jobs.filter((job) => job.background);
const main = spec.jobs.filter((job) => !job.background);
const running = background.map(start);
if (background.length) await new Promise((resolve) => setTimeout(resolve, spec.leadMs ?? 500));
send({ type: "started" });
const mainRuns = main.map(start);
const mainResults = await Promise.all(mainRuns.map((run) => run.done));
for (const run of running) run.instance.stop();
const backgroundResults = await Promise.all(running.map((run) => run.done));
send({
  type: "done",
  jobs: [
    ...mainRuns.map((run, index) => summarise(run, mainResults[index])),
    ...running.map((run, index) => summarise(run, backgroundResults[index])),
  ],
});
process.disconnect?.();
