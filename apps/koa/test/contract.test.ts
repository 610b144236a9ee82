import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { listener } from "../src/create-app.js";

runHttpContract("koa on the memory store", { listener });
