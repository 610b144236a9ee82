import { runServer } from "@tessera/server/run-server";
import { createApp } from "./create-app.js";

await runServer({ app: "express", createListener: (api) => createApp(api) });
