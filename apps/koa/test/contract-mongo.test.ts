import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import { afterAll } from "vitest";
import { listener } from "../src/create-app.js";

describeWithMongo("koa on MongoDB", ({ uri, dbName }) => {
  afterAll(() => dropDatabase(uri, dbName));
  runHttpContract("koa on MongoDB", { listener, store: () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS }) });
});
