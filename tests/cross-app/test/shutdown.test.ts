import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { APP_TABLE } from "@tessera/apps-tests/apps";
import { mongoServerUri } from "@tessera/contract-tests/mongo-suites";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort, post, timeout, waitFor } from "./processes.js";

/*
 * The apps as people run them: `node apps/<app>/dist/main.js`, stopped with SIGTERM while a request
 * is in flight. The request must finish, the store must close (an open MongoDB connection would keep
 * the process alive), and the process must exit by itself with status 0.
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));
const mongoUri = mongoServerUri();
const dbName = `tessera_shutdown_${process.pid}`;
// The MongoDB case is declared whether or not a server is there: skipped, it is counted and named.
const stores: [string, Record<string, string>, boolean][] = [
  // MONGODB_URI emptied (unset): one set for the Mongo suites must not name a second store here.
  ["memory", { DATABASE_URL: "memory:", MONGODB_URI: "" }, true],
  ["mongodb [mongo]", { DATABASE_URL: "", MONGODB_URI: mongoUri, MONGODB_DB: dbName }, mongoUri !== ""],
];
afterAll(() => (mongoUri ? dropDatabase(mongoUri, dbName) : undefined));

describe.each(APP_TABLE.map((entry) => [entry.name, entry] as const))("the %s app shutting down", (_name, app) => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  });

  it("refuses to start on a bad setting, naming it, with a non-zero status", async () => {
    child = spawn(process.execPath, [app.main], {
      cwd: root,
      // A store named, as everywhere a test starts an app: the apps' default file is not the tests' to write.
      env: { ...process.env, DATABASE_URL: "memory:", BCRYPT_COST: "99", PORT: "http" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await Promise.race([once(child, "exit"), timeout(15_000)])) as [number];
    expect(code).toBe(1);
    expect(output).toContain("PORT must be a whole number from 0 to 65535");
    expect(output).toContain("BCRYPT_COST must be at most 31");
  }, 20_000);

  it.for(stores)("on SIGTERM, finishes the request in flight, closes the %s store and exits 0", { timeout: 40_000 }, async ([, env, available], { skip }) => {
    if (!available) skip("no Mongo test server: set MONGODB_URI, or run Docker (see the README)");
    const port = await freePort();
    const output: string[] = [];
    child = spawn(process.execPath, [app.main], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", BCRYPT_COST: "12", LOG_LEVEL: "debug" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    await waitFor(() => output.join("").includes('"event":"listening"'), 20_000, () => output.join(""));

    // Registering hashes at cost 12 (a few hundred ms): SIGTERM lands once the server holds the request.
    const inFlight = post(port, "/api/users/register", { email: `bye-${app.name}@example.org`, password: "correct horse battery" });
    await waitFor(() => output.join("").includes('"event":"request_received"'), 10_000, () => output.join(""));
    child.kill("SIGTERM");

    const response = await inFlight;
    expect(response.status).toBe(201);
    const [code] = (await Promise.race([once(child, "exit"), timeout(15_000)])) as [number];
    expect(code).toBe(0);
    const log = output.join("");
    expect(log).toContain('"event":"shutdown"');
    expect(log).toContain('"event":"stopped"');
  });
});
