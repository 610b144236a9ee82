import { readFileSync } from "node:fs";
import type { RequestListener } from "node:http";
import type { Logger, Tessera } from "@tessera/core";

/**
 * The one table of the reference apps: every cross-app test, the browser test, schemathesis and
 * the benchmark read apps.json. A new app is one entry there (and a dependency here).
 */
export interface AppEntry {
  readonly name: string;
  /** The module whose `listener(tessera, logger)` is the host. */
  readonly module: string;
  /** The file `node` runs to serve it, from the repository's root. */
  readonly main: string;
}

export const APP_TABLE: readonly AppEntry[] = JSON.parse(readFileSync(new URL("../apps.json", import.meta.url), "utf8"));

export interface AppUnderTest extends AppEntry {
  readonly listener: (tessera: Tessera, logger: Logger) => RequestListener;
}

/** Every app of the table, its host loaded and ready for a harness. */
export async function loadApps(): Promise<AppUnderTest[]> {
  return Promise.all(
    APP_TABLE.map(async (entry) => ({ ...entry, listener: ((await import(entry.module)) as Pick<AppUnderTest, "listener">).listener })),
  );
}
