// The reference apps, from the repository's one table of them (tests/apps/apps.json, exported by
// @tessera/apps-tests): a row names an app by its `name`, and the bench runs its `main`. A new app
// is one entry there, not an edit here.
import { createRequire } from "node:module";
import { isAbsolute, join } from "node:path";
import { root } from "./paths.mjs";

const require = createRequire(import.meta.url);

/** [{ name, module, main }]: `main` is the file `node` runs to serve the app, from the repository's root. */
export const APPS = require("@tessera/apps-tests/apps.json");

/** BENCH_EXPRESS_MAIN, BENCH_KOA_MAIN, ...: the environment variable naming another build of an app. */
export function overrideVariable(name) {
  return `BENCH_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_MAIN`;
}

/** Another build of the app (a candidate patch, measured against the same baselines), or undefined. */
export function overrideOf(name) {
  return process.env[overrideVariable(name)] || undefined;
}

/** The script that serves app `name`: the override when set, else the table's `main`. */
export function appMain(name) {
  const override = overrideOf(name);
  if (override) return override;
  const entry = APPS.find((app) => app.name === name);
  if (!entry) throw new Error(`no app named "${name}" in tests/apps/apps.json (apps: ${APPS.map((app) => app.name).join(", ")})`);
  return isAbsolute(entry.main) ? entry.main : join(root, entry.main);
}
