import { runHttpContract } from "@tessera/contract-tests/http-suite";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { createApp } from "../src/create-app.js";

runHttpContract("express on the memory store", {
  listener: (api) => createApp(api),
  store: async () => createMemoryStore(),
});
