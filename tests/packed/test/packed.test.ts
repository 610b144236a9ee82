import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogVersion, publicPackages, ROOT } from "./workspace.js";

const run = promisify(execFile);
const packages = publicPackages();

/*
 * Tessera as its users get it: every public package packed (`pnpm pack`, which turns workspace: and
 * catalog: versions into real ones), installed with npm from the tarballs into a project outside
 * the workspace, the README's example hosts compiled there with tsc against the packed types, and
 * run. Third-party packages (express, koa, ...) come from the npm registry or npm's cache.
 */
describe("the packed packages, installed with npm outside the workspace", () => {
  let project: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "tessera-packed-"));
    const tarballs = join(project, "tarballs");
    mkdirSync(tarballs);
    for (const { dir } of packages) await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir });
    const tarballOf = (name: string) => {
      const file = readdirSync(tarballs).find((each) => each.startsWith(`${name.replace("@", "").replace("/", "-")}-`));
      if (!file) throw new Error(`no tarball for ${name}`);
      return `file:./tarballs/${file}`;
    };
    const ours = Object.fromEntries(packages.map(({ name }) => [name, tarballOf(name)]));
    const theirs = ["express", "koa", "@koa/router", "typescript", "@types/node"].map((name) => [name, catalogVersion(name)]);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "a-host-of-our-own",
        private: true,
        type: "module",
        dependencies: { ...ours, ...Object.fromEntries(theirs) },
        // Every @tessera/* package from its tarball, for the ones the others depend on too.
        overrides: ours,
      }),
    );
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, maxBuffer: 16 * 1024 * 1024 });

    cpSync(join(ROOT, "examples"), join(project, "src"), { recursive: true });
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        // What `tsc --init` writes, skipLibCheck included (@types/koa and content-disposition's own
        // types disagree today, a matter between those two packages).
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: true,
          outDir: "dist",
          rootDir: "src",
          types: ["node"],
        },
        include: ["src"],
      }),
    );
    // tsc says what is wrong on stdout: a failure shows it.
    await run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project }).catch((error: { stdout?: string }) => {
      throw new Error(`the examples do not compile against the packed types:\n${error.stdout ?? String(error)}`);
    });
  });

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("installs every public package from its tarball with its types, its licence and real versions", () => {
    for (const { name, version } of packages) {
      const installed = join(project, "node_modules", name);
      const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
      expect(manifest.version).toBe(version);
      expect(manifest.license).toBe("MIT");
      expect(existsSync(join(installed, "LICENSE")), `${name} LICENSE`).toBe(true);
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toMatch(/workspace:|catalog:/);
      expect(existsSync(join(installed, "src")), `${name} ships its sources`).toBe(false);
      expect(readdirSync(join(installed, "dist")).some((file) => file.endsWith(".d.ts")), `${name} types`).toBe(true);
    }
  });

  it.each(["express-host", "koa-host"])("runs the README's %s: register, a guarded route of its own, logout", async (example) => {
    const port = await freePort();
    const child = spawn(process.execPath, [join("dist", `${example}.js`)], { cwd: project, env: { ...process.env, PORT: String(port) }, stdio: "pipe" });
    children.push(child);
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/auth/healthz`).catch(() => null))?.ok === true, () => output);

    const register = await fetch(`${base}/auth/api/users/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: `${example}@example.org`, password: "correct horse battery" }),
    });
    expect(register.status).toBe(201);
    const cookie = (register.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect(cookie).toMatch(/^token=[A-Za-z0-9_-]{43}$/);

    const notes = await fetch(`${base}/api/notes`, { headers: { Cookie: cookie } });
    expect(notes.status).toBe(200);
    expect(await notes.json()).toEqual({ owner: `${example}@example.org`, notes: [] });

    expect((await fetch(`${base}/auth/api/users/logout`, { method: "POST", headers: { Cookie: cookie } })).status).toBe(200);
    const after = await fetch(`${base}/api/notes`, { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("unauthorized");

    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  });
});

async function waitFor(ready: () => Promise<boolean>, output: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`the host did not answer within ${ms} ms; it printed:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
