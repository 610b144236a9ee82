// Bare node:http references, one per process. MODE:
//   hello          GET / -> {"hello":"world"}: no framework at all; shows what the load generator reaches
//   bcrypt-login   POST /api/users/login -> one bcrypt.compare at BCRYPT_COST against a fixed hash and
//                  {"title":"Logged in"}: the ceiling for logins per second on this machine
import { createServer } from "node:http";
import { announce, listenOptions, stopOnSignal } from "./common.mjs";

const mode = process.env.MODE ?? "hello";
let handler;

if (mode === "hello") {
  const body = JSON.stringify({ hello: "world" });
  handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
} else if (mode === "bcrypt-login") {
  const { default: bcrypt } = await import("bcrypt");
  const cost = Number(process.env.BCRYPT_COST ?? 12);
  // The runner logs in with BENCH_PASSWORD; any other password is a 401, after the same work.
  const hash = await bcrypt.hash(process.env.BENCH_PASSWORD ?? "", cost);
  const ok = JSON.stringify({ title: "Logged in" });
  handler = (req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      let password = "";
      try {
        password = String(JSON.parse(Buffer.concat(chunks).toString("utf8")).password ?? "");
      } catch {}
      const match = await bcrypt.compare(password, hash);
      res.writeHead(match ? 200 : 401, { "content-type": "application/json; charset=utf-8" });
      res.end(match ? ok : '{"errors":[{"code":"invalid_credentials"}]}');
    });
  };
} else {
  throw new Error(`unknown MODE ${mode}`);
}

const server = createServer(handler);
const { host, port } = listenOptions();
server.listen(port, host, () => announce(server, `node-${mode}`));
stopOnSignal(server);
