import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { APP_TABLE } from "@tessera/apps-tests/apps";
import { describe, expect, it } from "vitest";
import { freePort, timeout, waitFor } from "./processes.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe.each(APP_TABLE.map((entry) => [entry.name, entry] as const))("the %s app's log format", (_name, app) => {
  it("writes readable lines with LOG_FORMAT=pretty, and JSON lines with ISO times by default off a terminal", async () => {
    for (const format of ["pretty", "json"] as const) {
      const port = await freePort();
      const env = { ...process.env, DATABASE_URL: "memory:", PORT: String(port), HOST: "127.0.0.1", LOG_FORMAT: format === "pretty" ? "pretty" : "" };
      const child = spawn(process.execPath, [app.main], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes(`listening on http://127.0.0.1:${port}`), 20_000, () => output);
      child.kill("SIGTERM");
      await Promise.race([once(child, "exit"), timeout(15_000)]);
      const line = output.split("\n").find((text) => text.includes("listening on")) ?? "";
      if (format === "pretty") {
        expect(line).not.toContain("{");
        expect(line).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
      } else {
        expect(JSON.parse(line)).toMatchObject({ event: "listening", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      }
    }
  });
});
