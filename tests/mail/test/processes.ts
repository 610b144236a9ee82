import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AppEntry } from "@tessera/apps-tests/apps";
import { freeLoopbackPort as freePort } from "@tessera/contract-tests/free-port";

/** The apps as people run them: `node apps/<app>/dist/main.js`, on loopback, with what they print collected. */

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface AppProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port>: where it listens, and its PUBLIC_URL. */
  readonly origin: string;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts an app on a free loopback port; `env` gets the origin it will answer at (for PUBLIC_URL). */
export async function startApp(app: Pick<AppEntry, "main">, env: (origin: string) => Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const chunks: string[] = [];
  const child = spawn(process.execPath, [app.main], {
    cwd: root,
    env: {
      ...process.env,
      // Whatever the shell had: this process runs on what the test says, and nothing else.
      DATABASE_URL: "",
      MONGODB_URI: "",
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      BCRYPT_COST: "4",
      ...env(origin),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join("");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await until(() => output().includes('"event":"listening"'), 30_000, () => `the app did not start; it printed:\n${output()}`, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, origin, output, stop };
}

/** Polls until `condition` holds; fails at the deadline (or at once when `hopeless`), saying why. */
export async function until(condition: () => boolean, ms: number, why: () => string, hopeless: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline || hopeless()) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

/** One JSON request to the app; `bearer` sends a session token the way clients that are not browsers do. */
export async function call(origin: string, method: string, path: string, options: { body?: object; bearer?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(options.body && { "Content-Type": "application/json" }),
      ...(options.bearer && { Authorization: `Bearer ${options.bearer}` }),
      ...options.headers,
    },
    ...(options.body && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type"), text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
