import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { APP_TABLE } from "@tessera/apps-tests/apps";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timeout } from "./processes.js";

/*
 * A start-up that cannot happen says why in one line naming the setting to change, and exits 1:
 * no stack trace, no "Unhandled 'error' event".
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));

async function run(main: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [main], { cwd: root, env: { ...process.env, DATABASE_URL: "memory:", BCRYPT_COST: "4", ...env }, stdio: "pipe" });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await Promise.race([once(child, "exit"), timeout(20_000)])) as [number];
  return { code, output };
}

describe.each(APP_TABLE.map((entry) => [entry.name, entry] as const))("the %s app failing to start", (_name, app) => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  const fatalLines = (output: string) => output.split("\n").filter((line) => line.includes('"level":60'));

  it("names PORT in one line when the port is taken, and exits 1", async () => {
    const { code, output } = await run(app.main, { PORT: String(port), HOST: "127.0.0.1" });
    expect(code).toBe(1);
    expect(fatalLines(output)).toHaveLength(1);
    expect(fatalLines(output)[0]).toContain(`PORT ${port} is already in use on 127.0.0.1`);
    expect(output).not.toContain("Unhandled 'error' event");
    expect(output).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("names HOST in one line when it is not an address of this machine, and exits 1", async () => {
    // A documentation address (TEST-NET-1): binding to it fails locally, nothing is sent anywhere.
    const { code, output } = await run(app.main, { PORT: "0", HOST: "192.0.2.1" });
    expect(code).toBe(1);
    expect(fatalLines(output)).toHaveLength(1);
    expect(fatalLines(output)[0]).toContain("HOST 192.0.2.1 is not an address of this machine");
    expect(output).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
