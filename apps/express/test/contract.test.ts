import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { listener } from "../src/create-app.js";

runHttpContract("express on the memory store", { listener });
