#!/usr/bin/env node
// Proves the dependency rule: arrows point inward (apps -> http -> domain, adapters -> domain),
// the domain imports nothing outside itself, and every package lists exactly what it imports.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** Which workspace packages each package may import at run time. Test-only imports may add tests' helpers. */
const ALLOWED = {
  "@tessera/domain": [],
  "@tessera/memory": ["@tessera/domain"],
  "@tessera/crypto": ["@tessera/domain"],
  "@tessera/common-passwords": ["@tessera/domain"],
  "@tessera/mongo": ["@tessera/domain"],
  "@tessera/mail": ["@tessera/domain"],
  "@tessera/sqlite": ["@tessera/domain"],
  "@tessera/http": ["@tessera/domain"],
  "@tessera/core": [
    "@tessera/domain",
    "@tessera/http",
    "@tessera/crypto",
    "@tessera/common-passwords",
    "@tessera/mail",
    "@tessera/memory",
    "@tessera/mongo",
    "@tessera/sqlite",
  ],
  "@tessera/express": ["@tessera/core", "@tessera/http"],
  "@tessera/koa": ["@tessera/core", "@tessera/http"],
  "@tessera/server": ["@tessera/core", "@tessera/domain", "@tessera/http"],
  "@tessera/contract-tests": ["@tessera/domain", "@tessera/http", "@tessera/core", "@tessera/server"],
  // The reference hosts: built from the public packages, as any host would be.
  "@tessera/express-app": ["@tessera/express", "@tessera/server"],
  "@tessera/koa-app": ["@tessera/koa", "@tessera/server"],
};
/** Packages that only test others may import any workspace package. */
const TEST_ONLY = /^@tessera\/.+-tests$/;
/** Used by scripts and the compiler, never imported. */
const TOOLS = new Set(["typescript", "vitest", "turbo", "@stryker-mutator/core", "@stryker-mutator/vitest-runner"]);

const builtins = new Set(builtinModules);
const problems = [];

for (const group of ["packages", "apps", "tests"]) {
  const groupDir = join(root, group);
  let entries = [];
  try {
    entries = readdirSync(groupDir);
  } catch {
    continue;
  }
  for (const entry of entries) checkPackage(join(groupDir, entry));
}

if (problems.length) {
  console.error(`Dependency rule broken:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("Dependency rule holds: arrows point inward and every import is declared.");

function checkPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = manifest.name;
  // A peer dependency is the host's own copy (express, koa): imported at run time all the same.
  const runtime = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const dev = new Set(Object.keys(manifest.devDependencies ?? {}));
  const used = new Set();
  const testOnly = TEST_ONLY.test(name);
  if (!testOnly && !(name in ALLOWED)) problems.push(`${name}: not in the dependency table of scripts/check-deps.mjs`);

  for (const [file, isTest] of sourceFiles(dir)) {
    for (const specifier of importsOf(readFileSync(file, "utf8"))) {
      const where = relative(root, file);
      if (specifier.startsWith(".")) continue;
      if (specifier.startsWith("node:") || builtins.has(specifier)) {
        if (name === "@tessera/domain") problems.push(`${where}: the domain imports ${specifier}`);
        continue;
      }
      const pkg = packageName(specifier);
      used.add(pkg);
      if (name === "@tessera/domain" && !isTest) problems.push(`${where}: the domain imports ${pkg}`);
      const declared = runtime.has(pkg) || (isTest && dev.has(pkg));
      if (!declared) problems.push(`${where}: imports ${pkg}, which ${name} does not list${isTest ? "" : " in dependencies"}`);
      if (pkg.startsWith("@tessera/") && !isTest && !testOnly && !(ALLOWED[name] ?? []).includes(pkg)) {
        problems.push(`${where}: ${name} may not depend on ${pkg} (arrows point inward)`);
      }
    }
  }

  // The table of apps names the modules it loads by name: they count as imported.
  if (name === "@tessera/apps-tests") {
    for (const app of JSON.parse(readFileSync(join(dir, "apps.json"), "utf8"))) used.add(packageName(app.module));
  }
  // The packed-package test packs every public package (listed so that turbo builds them first).
  if (name === "@tessera/packed-tests") for (const pkg of dev) if (pkg.startsWith("@tessera/")) used.add(pkg);

  for (const pkg of [...runtime, ...dev]) {
    const typesFor = pkg.startsWith("@types/") ? pkg.slice(7).replace(/^(.+)__(.+)$/, "@$1/$2") : null;
    if (used.has(pkg) || TOOLS.has(pkg) || (typesFor && (used.has(typesFor) || typesFor === "node"))) continue;
    problems.push(`${name}: lists ${pkg} but never imports it`);
  }
}

function* sourceFiles(dir) {
  for (const [sub, isTest] of [["src", false], ["test", true]]) {
    yield* walk(join(dir, sub), isTest);
  }
  for (const config of ["vitest.config.ts"]) {
    try {
      statSync(join(dir, config));
      yield [join(dir, config), true];
    } catch {}
  }
}

function* walk(dir, isTest) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, isTest);
    else if (/\.(m|c)?[jt]s$/.test(entry.name)) yield [path, isTest];
  }
}

function importsOf(source) {
  const found = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
