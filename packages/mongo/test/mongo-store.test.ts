import { runRepositorySuite } from "@tessera/contract-tests/repository-suite";
import { describeWithMongo, TEST_OPERATION_TIMEOUT_MS } from "@tessera/contract-tests/mongo-suites";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { dropDatabase } from "../src/drop-database.js";
import { startExpiredDocumentSweeper } from "../src/expired-document-sweeper.js";
import { expiring } from "../src/indexes.js";
import { defineModels } from "../src/models.js";
import { SETTLED_KEPT_MS } from "../src/mongo-outbox.js";
import { openMongoStore, type MongoStore } from "../src/mongo-store.js";
import { createConnection, Types, type Connection } from "mongoose";

const COLLECTIONS = ["users", "credentials", "sessions", "attempt_slots", "devices", "account_tokens", "outbox"];

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

  const clear = async () => {
    for (const collection of COLLECTIONS) await raw.collection(collection).deleteMany({});
  };

  runRepositorySuite("mongodb", {
    fresh: async () => {
      await clear();
      return store;
    },
  });

  describe("what it keeps", () => {
    beforeEach(clear);

    const createUser = async (email: string) => {
      const created = await store.users.create({ email, passwordHash: "$2b$04$hash", createdAt: new Date() });
      if (!created.ok) throw new Error("user not created");
      return created.user;
    };

    it("creates the unique and lookup indexes at start-up", async () => {
      const names = async (collection: string) => (await raw.collection(collection).indexes()).map((index) => index.name);
      // A TTL index where the server has them; otherwise a plain one, for the sweeper.
      const expiry = (field: string) => (store.ttl ? `${field}_ttl` : field);
      expect(await names("users")).toEqual(expect.arrayContaining(["email_unique"]));
      expect(await names("credentials")).toEqual(expect.arrayContaining(["userId_seq_unique"]));
      expect(await names("attempt_slots")).toEqual(expect.arrayContaining(["key_slot_unique", expiry("expiresAt")]));
      expect(await names("devices")).toEqual(expect.arrayContaining(["tokenDigest_unique", expiry("expiresAt")]));
      expect(await names("sessions")).toEqual(expect.arrayContaining(["tokenDigest_unique", "userId", expiry("expiresAt")]));
      expect(await names("account_tokens")).toEqual(
        expect.arrayContaining(["digest_unique", "userId_kind_unique", expiry("expiresAt")]),
      );
      expect(await names("outbox")).toEqual(expect.arrayContaining(["status_nextAttemptAt", expiry("purgeAt")]));
    });

    it("stores the token digest and the owner's id, never a token, a password or a copy of the profile", async () => {
      const user = await createUser("kept@example.org");
      await store.sessions.create({
        tokenDigest: "digest-of-token",
        userId: user.id,
        credentialVersion: 1,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
        lastUsedAt: new Date(),
        userAgent: "test",
      });
      const session = await raw.collection("sessions").findOne({ tokenDigest: "digest-of-token" });
      expect(Object.keys(session ?? {}).sort()).toEqual(
        ["_id", "createdAt", "credentialVersion", "expiresAt", "lastUsedAt", "tokenDigest", "userAgent", "userId"].sort(),
      );
      expect(session?.userId).toEqual(new Types.ObjectId(user.id));
    });

    it("reads sessions written with a copy of the profile as the account is now, and keeps them working", async () => {
      const user = await createUser("copied@example.org");
      const now = Date.now();
      await raw.collection("sessions").insertOne({
        tokenDigest: "old-digest",
        userId: new Types.ObjectId(user.id),
        user: { email: "copied@example.org", createdAt: user.createdAt },
        credentialVersion: 1,
        createdAt: new Date(now),
        expiresAt: new Date(now + 60_000),
        lastUsedAt: new Date(now),
        userAgent: null,
      });
      expect(await store.users.changeEmail(user.id, user.email, "moved@example.org")).toEqual({ ok: true });
      const found = await store.sessions.findByTokenDigest("old-digest");
      expect(found?.user).toEqual({ id: user.id, email: "moved@example.org", emailVerified: true, createdAt: user.createdAt });
      expect(await store.sessions.renew(found!.session.id, new Date(now + 120_000), new Date(now + 1_000))).toBe(true);
      await store.sessions.touch(found!.session.id, new Date(now + 2_000));
      expect((await store.sessions.findByTokenDigest("old-digest"))?.session).toMatchObject({ expiresAt: new Date(now + 120_000) });
    });

    it("reads an account written before addresses were verified as unverified", async () => {
      const { insertedId } = await raw
        .collection("users")
        .insertOne({ email: "older@example.org", passwordHash: "$2b$04$hash", createdAt: new Date() });
      expect(await store.users.findById(insertedId.toHexString())).toMatchObject({ email: "older@example.org", emailVerified: false });
      expect(await store.users.markEmailVerified(insertedId.toHexString(), "older@example.org")).toBe(true);
      expect(await store.users.findById(insertedId.toHexString())).toMatchObject({ emailVerified: true });
    });

    it("deletes an account's later passwords with it", async () => {
      const user = await createUser("deleted@example.org");
      expect(await store.users.changePasswordHash(user.id, user.passwordHash, "$2b$04$second")).toBe(true);
      expect(await store.users.delete(user.id)).toBe(true);
      expect(await raw.collection("credentials").countDocuments({ userId: new Types.ObjectId(user.id) })).toBe(0);
    });

    it("keeps an outbox entry's intent as given, and marks only settled entries for deletion a week on", async () => {
      await store.outbox.add({ kind: "password_changed", userId: "u1", to: "purge@example.org" }, new Date());
      await store.outbox.add({ kind: "password_changed", userId: "u1", to: "stay@example.org" }, new Date());
      const [settled, pending] = await store.outbox.due(new Date(), 10);
      const before = Date.now();
      await store.outbox.settle(settled!.id, { status: "dropped", attempts: 1 });
      await store.outbox.settle(pending!.id, { status: "pending", attempts: 1, nextAttemptAt: new Date(), lastError: "Error ETIMEDOUT" });
      const stored = await raw.collection("outbox").find().sort({ _id: 1 }).toArray();
      expect(stored.map(({ intent }) => intent)).toEqual([
        { kind: "password_changed", userId: "u1", to: "purge@example.org" },
        { kind: "password_changed", userId: "u1", to: "stay@example.org" },
      ]);
      expect(stored[0]?.purgeAt?.getTime()).toBeGreaterThanOrEqual(before + SETTLED_KEPT_MS);
      expect(stored[0]?.purgeAt?.getTime()).toBeLessThanOrEqual(Date.now() + SETTLED_KEPT_MS);
      expect(stored[1]).not.toHaveProperty("purgeAt");
    });

    it("sweeps what a TTL index would delete, on servers that have none", async () => {
      const models = defineModels(raw);
      const [past, future] = [new Date(Date.now() - 1_000), new Date(Date.now() + 60_000)];
      const owner = new Types.ObjectId();
      const token = { userId: owner, email: "a@example.org", newEmail: null, credentialVersion: 1, createdAt: past };
      await raw.collection("account_tokens").insertMany([
        { ...token, digest: "expired", kind: "reset", expiresAt: past },
        { ...token, digest: "live", kind: "verify", expiresAt: future },
      ]);
      const intent = { kind: "password_changed", userId: "u1", to: "a@example.org" };
      const entry = { intent, createdAt: past, attempts: 1, nextAttemptAt: past, lastError: null, message: null };
      await raw.collection("outbox").insertMany([
        { ...entry, status: "sent", purgeAt: past },
        { ...entry, status: "failed", purgeAt: future },
        { ...entry, status: "pending" },
      ]);
      const onError = vi.fn();
      const sweeper = startExpiredDocumentSweeper(expiring(models), onError, 50);
      try {
        await vi.waitFor(async () => {
          expect((await raw.collection("account_tokens").find().sort({ _id: 1 }).toArray()).map(({ digest }) => digest)).toEqual(["live"]);
          expect((await raw.collection("outbox").find().sort({ _id: 1 }).toArray()).map(({ status }) => status)).toEqual(["failed", "pending"]);
        }, 5_000);
      } finally {
        sweeper.stop();
      }
      expect(onError).not.toHaveBeenCalled();
    });

    it("can open twice on one database (indexes already there)", async () => {
      const again = await openMongoStore({ uri, dbName });
      expect(await again.ping()).toBe(true);
      await again.close();
    });
  });
});

describe("MongoDB store without a server", () => {
  it("refuses to start when server selection gives up, with StoreUnavailableError naming the server but not its password", async () => {
    const opening = openMongoStore({ uri: "mongodb://admin:s3cret@127.0.0.1:9/tessera", serverSelectionTimeoutMS: 500 });
    await expect(opening).rejects.toMatchObject({ name: "StoreUnavailableError" });
    await expect(opening).rejects.toThrow("mongodb://***@127.0.0.1:9/tessera");
    // Its own selection timeout ended the wait (no wall time measured: the machine may be slow).
    await opening.catch((error: Error) => {
      expect(error.message).not.toContain("s3cret");
      expect(String((error.cause as Error | undefined)?.name)).toMatch(/ServerSelectionError/);
    });
  });
});
