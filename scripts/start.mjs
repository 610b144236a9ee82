#!/usr/bin/env node
// `pnpm start:express` / `pnpm start:koa`: builds the app and the packages it uses, saying so, then
// runs it in the foreground. Ctrl-C reaches the app itself (it is in the terminal's process group),
// which finishes its requests and exits 0; this script then exits with the app's own status, so a
// clean stop reads as one, with no "Command failed" after it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const app = process.argv[2];
if (app !== "express" && app !== "koa") {
  console.error("usage: node scripts/start.mjs express|koa");
  process.exit(2);
}
const main = `apps/${app}/dist/main.js`;

async function run(command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  // SIGTERM from a supervisor reaches only this script: hand it on. Ctrl-C reaches both already.
  const forward = () => child.kill("SIGTERM");
  process.on("SIGTERM", forward);
  const [code, signal] = await once(child, "exit");
  process.off("SIGTERM", forward);
  return code ?? (signal === "SIGINT" ? 130 : 143);
}

// The app stops itself on Ctrl-C; this script only waits for it.
process.on("SIGINT", () => {});

const first = !existsSync(`${root}/${main}`);
console.log(
  `[start] building the ${app} app and the packages it uses${first ? " (the first time takes a minute or two)" : " (only what changed)"}`,
);
const turbo = `${root}/node_modules/.bin/turbo`;
const built = await run(turbo, ["run", "build", `--filter=@tessera/${app}-app...`, "--output-logs=errors-only"], { TURBO_TELEMETRY_DISABLED: "1" });
if (built !== 0) process.exit(built);
console.log(`[start] starting ${main}`);
process.exit(await run(process.execPath, [main]));
