import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { AppEntry } from "@tessera/apps-tests/apps";

/** The apps as people run them: `node apps/<app>/dist/main.js`, with what they print collected. */

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface AppProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
}

export async function startApp(app: Pick<AppEntry, "main">, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const chunks: string[] = [];
  const child = spawn(process.execPath, [app.main], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const started = { child, port, output: () => chunks.join("") };
  await waitFor(() => started.output().includes('"event":"listening"'), 20_000, started.output);
  return started;
}

export function post(port: number, path: string, body: object, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      { host: "127.0.0.1", port, path, method: "POST", headers: { "Content-Type": "application/json", ...headers }, agent: false },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    call.on("error", reject);
    call.end(JSON.stringify(body));
  });
}

export async function waitFor(condition: () => boolean, ms: number, describeState: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describeState()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no exit within ${ms} ms`)), ms).unref());
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
