import { runServer } from "@tessera/server/run-server";
import { listener } from "./create-app.js";

await runServer({ app: "koa", createListener: listener });
