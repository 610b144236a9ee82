import type { TestProject } from "vitest/node";
import { startMongoTestServer } from "./mongo-test-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Mongo test server's URI, or "" when none could be had (outside CI only). */
    mongoUri: string;
    /** Why there is no server: the one line a skipped Mongo suite shows. */
    mongoUnavailable: string;
  }
}

/**
 * vitest globalSetup: one Mongo test server per package's test run, shared by its files (each
 * file uses a database of its own). Under CI a server that cannot be had fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const server = await startMongoTestServer();
    console.log(`[mongo] using ${server.description}`);
    project.provide("mongoUri", server.uri);
    project.provide("mongoUnavailable", "");
    return () => server.stop();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    if (process.env.CI === "true") throw new Error(`CI needs a Mongo test server and none could be started: ${reason}`);
    const hint = "set MONGODB_URI, or run Docker (MONGO_TEST_IMAGE, default mongo:8); see the README";
    console.warn(`[mongo] Mongo suites skipped: no test server (${reason}); to run them, ${hint}`);
    project.provide("mongoUri", "");
    project.provide("mongoUnavailable", `no Mongo test server: ${hint}`);
    return async () => {};
  }
}
