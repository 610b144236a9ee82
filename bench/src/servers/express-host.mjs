// A host app built from the public package, as a user of @tessera/express writes one: Tessera's
// routes mounted at the root (POST /api/users/register sets the rows up), then the host's own
// routes answering the same small JSON body:
//   GET /host/open      no guard
//   GET /host/guarded   behind requireSession(tessera)
// The pair measures what the guard costs on a host's route (the cookie read, the token's SHA-256,
// the store lookup, Cache-Control), everything else being the same.
import { createServer } from "node:http";
import { openTessera, requireSession, tesseraRouter } from "@tessera/express";
import express from "express";
import { announce, listenOptions, stopOnSignal } from "./common.mjs";
import { HOST_BODY, tesseraOptions } from "./host-setup.mjs";

const tessera = await openTessera(tesseraOptions());
const app = express();
app.disable("x-powered-by");
app.disable("etag");
// Mounted first, as in the reference app: both host routes pass through Tessera's router alike.
app.use(tesseraRouter(tessera));
app.get("/host/open", (_req, res) => {
  res.json(HOST_BODY);
});
app.get("/host/guarded", requireSession(tessera), (_req, res) => {
  res.json(HOST_BODY);
});

const server = createServer(app);
const { host, port } = listenOptions();
server.listen(port, host, () => announce(server, "express-host"));
stopOnSignal(server, () => tessera.close());
