import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { AppEntry } from "@tessera/apps-tests/apps";

/**
 * An app as people run it (`node apps/<app>/dist/main.js`), on a port of its own: its settings
 * from the environment, so the links in its mail point at it, as they would for anyone.
 */
export interface RunningApp {
  readonly origin: string;
  /** Its log so far, one parsed line each. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** `env` may depend on the app's own origin (PUBLIC_URL in production). */
export async function startApp(app: Pick<AppEntry, "main">, env: (origin: string) => Readonly<Record<string, string>>): Promise<RunningApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let output = "";
  // Only what is given here: a DATABASE_URL or NODE_ENV of the shell running the tests stays out.
  const child: ChildProcess = spawn(process.execPath, [app.main], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env(origin) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  const logs = () => output.split("\n").slice(0, -1).flatMap((line) => (line.startsWith("{") ? [JSON.parse(line) as Record<string, unknown>] : []));
  await new Promise<void>((resolve, reject) => {
    const late = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`the app did not listen within 30 s; it said:\n${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('"event":"listening"')) return;
      clearTimeout(late);
      resolve();
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", () => {
      clearTimeout(late);
      reject(new Error(`the app stopped before it listened; it said:\n${output}`));
    });
  });
  return {
    origin,
    logs,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}
