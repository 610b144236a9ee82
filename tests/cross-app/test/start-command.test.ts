import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort, timeout, waitFor } from "./processes.js";

/*
 * The README's run command as a person uses it: `pnpm start:<app>` says what it builds, serves, and
 * stops cleanly on Ctrl-C: the whole process group gets SIGINT, as a terminal sends it, and nothing
 * reads like a failure afterwards (pnpm's "ELIFECYCLE Command failed" did).
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe.each(["express", "koa"])("pnpm start:%s", (app) => {
  it("says what it builds, serves, and exits 0 on Ctrl-C without a failure line", { timeout: 240_000 }, async () => {
    const port = await freePort();
    const child = spawn("pnpm", [`start:${app}`], {
      cwd: root,
      // A process group of its own, as a terminal's foreground job has.
      detached: true,
      env: { ...process.env, DATABASE_URL: "memory:", PORT: String(port), HOST: "127.0.0.1", BCRYPT_COST: "4", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, "exit");
    try {
      await waitFor(() => output.includes('"event":"listening"'), 200_000, () => output);
      expect(output).toContain(`[start] building the ${app} app and the packages it uses`);
      process.kill(-(child.pid as number), "SIGINT");
      const [code] = (await Promise.race([exited, timeout(20_000)])) as [number | null];
      expect(code, output).toBe(0);
      expect(output).toContain('"event":"stopped"');
      expect(output).not.toMatch(/ELIFECYCLE|Command failed/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }
  });
});
