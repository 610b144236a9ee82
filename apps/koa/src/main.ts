import { runServer } from "@tessera/server/run-server";
import { createApp } from "./create-app.js";

await runServer({ app: "koa", createListener: (api) => createApp(api).callback() });
