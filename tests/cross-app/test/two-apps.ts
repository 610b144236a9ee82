import { Harness } from "@tessera/http-contract-tests/http/harness";
import { TEST_OPERATION_TIMEOUT_MS, type TestDatabase } from "@tessera/contract-tests/mongo-suites";
import { loadApps } from "@tessera/apps-tests/apps";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import { afterAll, beforeAll } from "vitest";

/**
 * The Express app and the Koa app as two instances on one database, each with its own connection,
 * for the suite that calls it; the database is dropped afterwards.
 */
export function twoAppsOnOneDatabase({ uri, dbName }: TestDatabase): { express: () => Harness; koa: () => Harness } {
  let express: Harness;
  let koa: Harness;
  const store = () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS });

  beforeAll(async () => {
    const [first, second] = await loadApps();
    express = await Harness.start({ ...first!, store });
    koa = await Harness.start({ ...second!, store });
  });
  afterAll(async () => {
    await Promise.all([express?.stop(), koa?.stop()]);
    await dropDatabase(uri, dbName);
  });
  return { express: () => express, koa: () => koa };
}
