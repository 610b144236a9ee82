import { randomBytes } from "node:crypto";
import { describe, inject } from "vitest";
import { startMongoTestServer, type MongoTestServer } from "./mongo-test-server.js";

export interface TestDatabase {
  readonly uri: string;
  /** A fresh name per suite, so test files never see each other's data. */
  readonly dbName: string;
}

/**
 * Declares a Mongo-backed suite on a database of its own. Without a server (outside CI only) the
 * suite is skipped under its own name, with the reason and the way to enable it.
 */
export function describeWithMongo(name: string, body: (database: TestDatabase) => void): void {
  const uri = inject("mongoUri");
  const dbName = `tessera_test_${randomBytes(6).toString("hex")}`;
  if (uri) describe(`${name} [mongo]`, () => body({ uri, dbName }));
  // Declared all the same, so every skipped test is counted and named in the report.
  else describe.skip(`${name} [mongo] (${inject("mongoUnavailable")})`, () => body({ uri, dbName }));
}

/**
 * A Mongo server of the calling file's own, for tests that kill and restart it: started through
 * testcontainers even when MONGODB_URI names a shared server. Outside CI, when none can be had,
 * answers the reason to skip instead; under CI that is a failure.
 */
export async function ownMongoServer(): Promise<Required<MongoTestServer> | string> {
  try {
    const server = await startMongoTestServer({ ...process.env, MONGODB_URI: undefined });
    const { kill, restart, pause, resume } = server;
    if (!kill || !restart || !pause || !resume) throw new Error("the test server cannot be killed, paused and restarted");
    return { ...server, kill, restart, pause, resume };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    if (process.env.CI === "true") throw new Error(`CI needs a Mongo test server of its own and none could be started: ${reason}`);
    return `needs a Mongo server it can kill, through testcontainers: ${reason}`;
  }
}

/** The shared Mongo test server's URI, or "" when there is none (outside CI only). */
export function mongoServerUri(): string {
  return inject("mongoUri");
}

/**
 * How long a store operation may take in the suites that test behaviour, not outages: on two cores
 * shared by several suites and their servers, a healthy FerretDB can take longer than the 1.5 s an
 * app allows before it answers 503. Only the outage tests keep the app's own bound.
 */
export const TEST_OPERATION_TIMEOUT_MS = 10_000;
