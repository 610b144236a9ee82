import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Harness } from "@tessera/http-contract-tests/http/harness";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import type { Store } from "@tessera/domain/ports";
import { loadApps } from "@tessera/apps-tests/apps";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import { openSqliteStore } from "@tessera/sqlite/sqlite-store";
import { afterAll, beforeAll, describe } from "vitest";

export interface TwoApps {
  express: () => Harness;
  koa: () => Harness;
}

/**
 * The Express app and the Koa app as two instances on one store, each with its own connection
 * (`open` is called once per app), for the suite that calls it; `cleanUp` runs afterwards.
 */
export function twoAppsOnOneStore(open: () => Promise<Store>, cleanUp: () => Promise<void>): TwoApps {
  let express: Harness;
  let koa: Harness;

  beforeAll(async () => {
    const [first, second] = await loadApps();
    express = await Harness.start({ ...first!, store: open });
    koa = await Harness.start({ ...second!, store: open });
  });
  afterAll(async () => {
    await Promise.all([express?.stop(), koa?.stop()]);
    await cleanUp();
  });
  return { express: () => express, koa: () => koa };
}

/**
 * Declares `suite` once per store that several processes can share: one SQLite file (never
 * skipped: it needs no server) and one MongoDB database (skipped only outside CI without a server).
 */
export function describeOnEachSharedStore(title: string, suite: (apps: TwoApps) => void): void {
  describe(`${title}, on one SQLite file`, () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-two-apps-"));
    suite(twoAppsOnOneStore(() => openSqliteStore({ path: join(dir, "tessera.db") }), async () => rmSync(dir, { recursive: true, force: true })));
  });
  describeWithMongo(`${title}, on one MongoDB database`, ({ uri, dbName }) => {
    suite(
      twoAppsOnOneStore(
        () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS }),
        () => dropDatabase(uri, dbName),
      ),
    );
  });
}
