import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Every @tessera/* package resolved to its TypeScript sources, not its built dist/: a mutant that
 * Stryker writes into a source file is then what the tests run.
 */
export function sourceAliases(): { find: RegExp; replacement: string }[] {
  const packages = join(ROOT, "packages");
  return readdirSync(packages).flatMap((entry) => {
    const name = JSON.parse(readFileSync(join(packages, entry, "package.json"), "utf8")).name as string;
    const src = join(packages, entry, "src");
    const escaped = name.replace(/[/@-]/g, "\\$&");
    return [
      { find: new RegExp(`^${escaped}/(.+)$`), replacement: `${src}/$1.ts` },
      { find: new RegExp(`^${escaped}$`), replacement: `${src}/index.ts` },
    ];
  });
}
