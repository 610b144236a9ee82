import { runHttpContract } from "@tessera/contract-tests/http-suite";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { createApp } from "../src/create-app.js";

runHttpContract("koa on the memory store", {
  listener: (api) => createApp(api).callback(),
  store: async () => createMemoryStore(),
});
