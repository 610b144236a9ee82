import { registerAccount } from "@tessera/http-contract-tests/http/accounts";
import { cookieHeader, setCookies } from "@tessera/http-contract-tests/http/cookies";
import { Harness } from "@tessera/http-contract-tests/http/harness";
import { send } from "@tessera/http-contract-tests/http/races.suite";
import { describeWithMongo, type TestDatabase, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import type { Store } from "@tessera/domain/ports";
import { loadApps } from "@tessera/apps-tests/apps";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { dropDatabase } from "@tessera/mongo/drop-database";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import { openSqliteStore } from "@tessera/sqlite/sqlite-store";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * Two instances on one store, configured with different bcrypt costs (a cost raised on one
 * instance first, as a rolling deploy does): a login through the instance with the higher cost
 * re-hashes the password it checked. A password change landing through the other instance while
 * that login runs must stand: the new password works, the old one does not, and no session the
 * login made survives.
 */

const ROUNDS = 10;

function credentialRaces(name: string, openStore: () => Promise<Store>, cleanUp: () => Promise<void> = async () => {}) {
  describe(`a password change through one instance racing re-hashing logins through another, on ${name}`, () => {
    let changer: Harness;
    let rehasher: Harness;
    beforeAll(async () => {
      const [first, second] = await loadApps();
      changer = await Harness.start({ ...first!, store: openStore }, { env: { BCRYPT_COST: "4" } });
      rehasher = await Harness.start({ ...second!, store: openStore }, { env: { BCRYPT_COST: "5" } });
    });
    afterAll(async () => {
      await Promise.all([changer?.stop(), rehasher?.stop()]);
      await cleanUp();
    });

    it(`keeps the change, every one of ${ROUNDS} rounds`, { timeout: 120_000 }, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const account = await registerAccount(changer);
        const newPassword = changer.secret(`changed ${round} ${account.password}`.slice(0, 60));
        const logins = Array.from({ length: 3 }, () =>
          send(rehasher.post("/api/users/login").send({ email: account.email, password: account.password })),
        );
        const change = await send(
          changer
            .post("/api/users/password")
            .set("Cookie", cookieHeader(changer.cookie, account.token))
            .send({ currentPassword: account.password, newPassword }),
        );
        expect(change.status).toBe(200);
        const issued = (await Promise.all(logins))
          .filter((response) => response.status === 200)
          .map((response) => setCookies(response)[0]?.match(/^token=([^;]+)/)?.[1] as string);

        for (const app of [changer, rehasher]) {
          expect((await app.post("/api/users/login").send({ email: account.email, password: account.password })).status, `round ${round}`).toBe(401);
          expect((await app.post("/api/users/login").send({ email: account.email, password: newPassword })).status, `round ${round}`).toBe(200);
          for (const token of issued) expect((await app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, token))).status).toBe(401);
        }
      }
    });
  });
}

const shared = createMemoryStore();
credentialRaces("one memory store", async () => shared);

describeWithMongo("two instances on one database", ({ uri, dbName }: TestDatabase) => {
  credentialRaces("MongoDB", () => openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS }), () => dropDatabase(uri, dbName));
});

// Two connections on one file, as two processes have: each instance opens its own.
const sqliteDir = mkdtempSync(join(tmpdir(), "tessera-credential-races-"));
credentialRaces(
  "one SQLite file",
  () => openSqliteStore({ path: join(sqliteDir, "tessera.db") }),
  async () => rmSync(sqliteDir, { recursive: true, force: true }),
);
