// Shared by the baseline servers: the one fake user the login routes put in the session, the
// readiness line the runner waits for, and a clean stop on SIGTERM/SIGINT (so --cpu-prof can write).
import { randomUUID } from "node:crypto";

/** What each baseline's POST /login stores in the session: the same shape Tessera's /me answers. */
export function benchUser(email = "bench@example.org") {
  return { id: randomUUID(), email, createdAt: new Date().toISOString() };
}

/** The runner reads this JSON line on stdout (the same shape as the apps' pino "listening" line). */
export function announce(server, name) {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ event: "listening", app: name, port: address.port })}\n`);
}

/** Stop on SIGTERM or SIGINT: close the server, run `cleanup`, exit 0 (a hard exit after 5 s). */
export function stopOnSignal(server, cleanup = async () => {}) {
  const stop = () => {
    setTimeout(() => process.exit(0), 5_000).unref();
    server.close(async () => {
      await cleanup();
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

export function listenOptions() {
  return { host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 0) };
}

/** The Mongo database a baseline uses: BENCH_MONGODB_URI plus BENCH_MONGODB_DB. */
export function mongoSettings() {
  const uri = process.env.BENCH_MONGODB_URI;
  const dbName = process.env.BENCH_MONGODB_DB;
  if (!uri || !dbName) throw new Error("BENCH_MONGODB_URI and BENCH_MONGODB_DB are required for this mode");
  return { uri, dbName };
}
