import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface PublicPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** Every package of packages/ that is not private: what a user can install. */
export function publicPackages(): PublicPackage[] {
  const packages = join(ROOT, "packages");
  return readdirSync(packages)
    .map((entry) => ({ dir: join(packages, entry), manifest: JSON.parse(readFileSync(join(packages, entry, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, version: manifest.version as string, dir }));
}

/** The version the workspace's catalog pins for a package: what the hosts are tested with. */
export function catalogVersion(name: string): string {
  const catalog = readFileSync(join(ROOT, "pnpm-workspace.yaml"), "utf8");
  const line = catalog.split("\n").find((each) => each.trim().replace(/"/g, "").startsWith(`${name}:`));
  if (!line) throw new Error(`${name} is not in the workspace catalog`);
  return line.split(":").slice(1).join(":").trim();
}
