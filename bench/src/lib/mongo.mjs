// A MongoDB-wire server for the Mongo rows: MONGODB_URI when set; otherwise the project's FerretDB
// test image in a container on the host network, listening on 127.0.0.1 only, removed at the end.
// Returns null (and says why) when none can be had.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const IMAGE = process.env.TESSERA_FERRETDB_IMAGE ?? "tessera-ferretdb:1.24.2";

function run(command, args, { timeoutMs = 30_000, cwd } = {}) {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, cwd, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, code: error?.code ?? 0, stdout: String(stdout), stderr: String(stderr), error });
    });
  });
}

/**
 * @returns {Promise<{uri: string, source: string, release: () => Promise<void>} | {skip: string}>}
 */
export async function acquireMongo({ root, runId, log }) {
  if (process.env.MONGODB_URI) {
    return { uri: process.env.MONGODB_URI, source: "MONGODB_URI", external: true, release: async () => {} };
  }

  const tools = join(root, "tools", "mongo-test-server");
  let startedDockerd = false;
  if (!(await run("docker", ["info"], { timeoutMs: 15_000 })).ok) {
    const pidFile = process.env.TESSERA_DOCKERD_PIDFILE ?? "/tmp/tessera-dockerd.pid";
    const hadPidFile = existsSync(pidFile);
    log("no docker engine reachable: starting one with tools/mongo-test-server/start-dockerd.sh");
    const started = await run(join(tools, "start-dockerd.sh"), [], { timeoutMs: 180_000 });
    if (!started.ok) return { skip: `could not start a docker engine (${lastLine(started)})` };
    startedDockerd = !hadPidFile && existsSync(pidFile) && /ready \(pid/.test(started.stdout);
  }
  const stopDockerd = async () => {
    if (!startedDockerd) return;
    log("stopping the docker engine the bench started (tools/mongo-test-server/stop-dockerd.sh)");
    await run(join(tools, "stop-dockerd.sh"), [], { timeoutMs: 60_000 });
  };

  if (!(await run("docker", ["image", "inspect", IMAGE])).ok) {
    log(`image ${IMAGE} missing: building it with tools/mongo-test-server/build-ferretdb-image.sh (about 70 s the first time)`);
    const built = await run(join(tools, "build-ferretdb-image.sh"), [], { timeoutMs: 600_000 });
    if (!built.ok) {
      await stopDockerd();
      return { skip: `could not build ${IMAGE} (${lastLine(built)})` };
    }
  }

  // Port 0: FerretDB binds a free port on 127.0.0.1 and names it in its readiness line.
  const created = await run("docker", [
    "run", "-d", "--network", "host", "--tmpfs", "/state",
    "-e", "FERRETDB_LISTEN_ADDR=127.0.0.1:0",
    "--label", "org.tessera.test=true", "--label", `org.tessera.bench=${runId}`,
    IMAGE,
  ]);
  const id = created.stdout.trim();
  if (!created.ok || !id) {
    await stopDockerd();
    return { skip: `docker run ${IMAGE} failed (${lastLine(created)})` };
  }
  const release = async () => {
    await run("docker", ["rm", "-f", id], { timeoutMs: 60_000 });
    await stopDockerd();
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const logs = await run("docker", ["logs", id]);
    const match = /Listening on TCP 127\.0\.0\.1:(\d+)\.\.\./.exec(logs.stdout + logs.stderr);
    if (match) {
      // The container's process as the host sees it: its CPU is reported apart from "other".
      const pid = Number((await run("docker", ["inspect", "-f", "{{.State.Pid}}", id])).stdout.trim()) || null;
      return {
        uri: `mongodb://127.0.0.1:${match[1]}/`,
        source: `FerretDB container ${id.slice(0, 12)} (${IMAGE}, SQLite on tmpfs)`,
        external: false,
        pid,
        release,
      };
    }
    const state = await run("docker", ["inspect", "-f", "{{.State.Running}}", id]);
    if (state.stdout.trim() === "false") break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const logs = await run("docker", ["logs", "--tail", "5", id]);
  await release();
  return { skip: `the FerretDB container did not become ready (${(logs.stdout + logs.stderr).trim().split("\n").pop()})` };
}

function lastLine(result) {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  return text.split("\n").pop() || String(result.error?.message ?? "failed");
}

/** Drops the databases the bench made on a server it did not start itself. */
export async function dropDatabases(uri, names) {
  const { MongoClient } = await import("mongodb");
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    for (const name of names) await client.db(name).dropDatabase().catch(() => {});
  } finally {
    await client.close().catch(() => {});
  }
}

