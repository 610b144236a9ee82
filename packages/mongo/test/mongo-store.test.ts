import { runRepositorySuite } from "@tessera/contract-tests/repository-suite";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase } from "../src/drop-database.js";
import { openMongoStore, type MongoStore } from "../src/mongo-store.js";
import { createConnection, type Connection } from "mongoose";

describeWithMongo("MongoDB store", ({ uri, dbName }) => {
  let store: MongoStore;
  let raw: Connection;

  beforeAll(async () => {
    store = await openMongoStore({ uri, dbName, operationTimeoutMS: TEST_OPERATION_TIMEOUT_MS });
    raw = await createConnection(uri, { dbName }).asPromise();
  });
  afterAll(async () => {
    await raw?.close();
    await store?.close();
    await dropDatabase(uri, dbName);
  });

  runRepositorySuite("mongodb", {
    fresh: async () => {
      for (const collection of ["users", "credentials", "sessions", "attempt_slots", "devices"]) {
        await raw.collection(collection).deleteMany({});
      }
      return store;
    },
  });

  describe("what it keeps", () => {
    it("creates the unique and lookup indexes at start-up", async () => {
      const names = async (collection: string) => (await raw.collection(collection).indexes()).map((index) => index.name);
      expect(await names("users")).toEqual(expect.arrayContaining(["email_unique"]));
      expect(await names("credentials")).toEqual(expect.arrayContaining(["userId_seq_unique"]));
      expect(await names("attempt_slots")).toEqual(expect.arrayContaining(["key_slot_unique"]));
      expect(await names("devices")).toEqual(expect.arrayContaining(["tokenDigest_unique"]));
      expect(await names("sessions")).toEqual(
        expect.arrayContaining(["tokenDigest_unique", "userId", store.ttl ? "expiresAt_ttl" : "expiresAt"]),
      );
    });

    it("stores the token digest and the user's profile copy, never a token or a password", async () => {
      const created = await store.users.create({ email: "kept@example.org", passwordHash: "$2b$04$hash", createdAt: new Date() });
      if (!created.ok) throw new Error("user not created");
      await store.sessions.create({
        tokenDigest: "digest-of-token",
        user: created.user,
        credentialVersion: 1,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
        lastUsedAt: new Date(),
        userAgent: "test",
      });
      const session = await raw.collection("sessions").findOne({ tokenDigest: "digest-of-token" });
      expect(Object.keys(session ?? {}).sort()).toEqual(
        ["_id", "createdAt", "credentialVersion", "expiresAt", "lastUsedAt", "tokenDigest", "user", "userAgent", "userId"].sort(),
      );
      expect(session?.user).toEqual({ email: "kept@example.org", createdAt: expect.any(Date) });
    });

    it("can open twice on one database (indexes already there)", async () => {
      const again = await openMongoStore({ uri, dbName });
      expect(await again.ping()).toBe(true);
      await again.close();
    });
  });
});

describe("MongoDB store without a server", () => {
  it("refuses to start, quickly, with StoreUnavailableError naming the server but not its password", async () => {
    const started = Date.now();
    const opening = openMongoStore({ uri: "mongodb://admin:s3cret@127.0.0.1:9/tessera", serverSelectionTimeoutMS: 500 });
    await expect(opening).rejects.toMatchObject({ name: "StoreUnavailableError" });
    await expect(opening).rejects.toThrow("mongodb://***@127.0.0.1:9/tessera");
    await opening.catch((error: Error) => expect(error.message).not.toContain("s3cret"));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
