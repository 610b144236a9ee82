// Where things are, from this file: every module names the same directories, wherever the bench is
// started from.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const srcDir = dirname(fileURLToPath(import.meta.url));
export const benchDir = join(srcDir, "..");
export const root = join(benchDir, "..");
export const resultsDir = join(benchDir, "results");
export const serversDir = join(srcDir, "servers");
/** The load generator's script, run in a process of its own. */
export const loadScript = join(srcDir, "load.mjs");
