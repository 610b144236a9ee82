// Child processes the bench starts, and what /proc says about them. Every child is remembered by
// PID so that the bench stops exactly the processes it started, and nothing else.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer as createNetServer } from "node:net";
import { cpus } from "node:os";

export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all its threads), in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** VmHWM (peak resident set) of a process, in MiB, from /proc/<pid>/status. */
export function peakRssMiB(pid) {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : null;
}

export function machine() {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpuModel;
  } catch {}
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {}
  let kernel = "";
  try {
    kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  } catch {}
  return { nproc, cpuModel, node: process.version, kernel };
}

/** Every child still running, by PID. */
export const children = new Map();

/**
 * Starts a child and remembers it. stdout lines go to `onLine`; the last lines of both streams are
 * kept for error messages.
 */
export function startChild(name, command, args, { env, cwd, onLine, ipc = false } = {}) {
  const child = spawn(command, args, {
    env,
    cwd,
    stdio: ["ignore", "pipe", "pipe", ...(ipc ? ["ipc"] : [])],
  });
  const tail = [];
  const keep = (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  for (const [stream, isOut] of [
    [child.stdout, true],
    [child.stderr, false],
  ]) {
    let buffered = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      buffered += chunk;
      let index;
      while ((index = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, index);
        buffered = buffered.slice(index + 1);
        keep(line);
        if (isOut) onLine?.(line);
      }
    });
  }
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child.pid);
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      children.delete(child.pid);
      keep(String(error));
      resolve({ code: null, signal: null, error });
    });
  });
  const handle = { name, child, pid: child.pid, tail, exited, alive: () => children.has(child.pid) };
  if (child.pid) children.set(child.pid, handle);
  return handle;
}

/** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves when the child is gone. */
export async function stopChild(handle, { signal = "SIGTERM", graceMs = 12_000 } = {}) {
  if (!handle?.alive()) return handle ? handle.exited : undefined;
  try {
    process.kill(handle.pid, signal);
  } catch {}
  const timer = setTimeout(() => {
    try {
      if (handle.alive()) process.kill(handle.pid, "SIGKILL");
    } catch {}
  }, graceMs);
  const result = await handle.exited;
  clearTimeout(timer);
  return result;
}

/** Last resort on the way out: SIGKILL each child we started that is still running, by PID. */
export function killAllChildrenSync() {
  for (const pid of children.keys()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
}

/** One HTTP request on a fresh connection (no pooled sockets left open toward the servers). */
export function httpRequest(url, { method = "GET", headers = {}, body, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** The Cookie header that sends back every cookie a response set. */
export function cookieHeader(response) {
  const setCookie = response.headers["set-cookie"] ?? [];
  return setCookie
    .map((line) => line.split(";")[0].trim())
    .filter((pair) => pair.indexOf("=") > 0 && pair.slice(pair.indexOf("=") + 1) !== "")
    .join("; ");
}

/** CPU time the whole machine spent busy (all cores, not idle or iowait), in seconds, from /proc/stat. */
export function machineBusySeconds() {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0];
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - ticks[3] - ticks[4]) / CLOCK_TICKS;
}

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true once `url` gives any HTTP answer, false if the child exits or `timeoutMs` passes. */
export async function waitForHttp(url, handle, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && handle.alive()) {
    try {
      await httpRequest(url, { timeoutMs: 1_000 });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}
