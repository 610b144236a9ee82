import { describeWithMongo } from "@tessera/contract-tests/mongo-suites";
import { seedSignedIn } from "@tessera/contract-tests/signed-in";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuthenticate } from "@tessera/domain/authenticate";
import { DEFAULT_SESSION_POLICY } from "@tessera/domain/session";
import { createConnection, Types } from "mongoose";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { dropDatabase } from "../src/drop-database.js";
import { openMongoStore, type MongoStore } from "../src/mongo-store.js";

const DAY = 24 * 60 * 60 * 1000;
const BOOKKEEPING = new Set(["hello", "isMaster", "ismaster", "ping", "endSessions", "saslStart", "saslContinue"]);

/**
 * The read path's cost in store commands, counted by the driver's own command monitoring:
 * authenticating a request is two point reads through unique indexes (the session by its token
 * digest, its owner by _id) and no write, but for the rare renewal or touch.
 */
describeWithMongo("authenticated read path", ({ uri, dbName }) => {
  let store: MongoStore;
  const commands: { name: string; collection: unknown; filter: unknown; limit: unknown }[] = [];
  let now = new Date("2026-06-01T12:00:00Z");
  const tokens = new NodeTokenIssuer();

  beforeAll(async () => {
    store = await openMongoStore({
      uri,
      dbName,
      onCommand: ({ commandName, command }) => {
        if (BOOKKEEPING.has(commandName)) return;
        commands.push({ name: commandName, collection: command[commandName], filter: command.filter ?? command.updates, limit: command.limit });
      },
    });
  });
  afterAll(async () => {
    await store?.close();
    await dropDatabase(uri, dbName);
  });
  beforeEach(() => {
    now = new Date("2026-06-01T12:00:00Z");
  });

  async function signedIn() {
    const { token, user } = await seedSignedIn(store, tokens, now);
    commands.length = 0;
    return { token, userId: user.id };
  }

  const authenticateNow = (token: string) =>
    createAuthenticate({ sessions: store.sessions, tokens, clock: () => now, policy: DEFAULT_SESSION_POLICY })(token);

  it("is two point reads, the session by token digest and its owner by _id, and no write", async () => {
    const { token, userId } = await signedIn();
    for (let i = 0; i < 5; i++) expect((await authenticateNow(token)).ok).toBe(true);
    const pair = [
      { name: "find", collection: "sessions", filter: { tokenDigest: tokens.digest(token) }, limit: 1 },
      { name: "find", collection: "users", filter: { _id: new Types.ObjectId(userId) }, limit: 1 },
    ];
    expect(commands).toEqual([...pair, ...pair, ...pair, ...pair, ...pair]);
  });

  it("reads through unique indexes only", async () => {
    const raw = await createConnection(uri, { dbName }).asPromise();
    try {
      const sessionIndexes = await raw.collection("sessions").indexes();
      expect(sessionIndexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ tokenDigest: 1 }))?.unique).toBe(true);
      // _id is unique in every collection, by definition.
      expect((await raw.collection("users").indexes()).map((index) => index.key)).toContainEqual({ _id: 1 });
    } finally {
      await raw.close();
    }
  });

  it("adds one write at most once a minute to record use", async () => {
    const { token } = await signedIn();
    now = new Date(now.getTime() + 61_000);
    await authenticateNow(token);
    await authenticateNow(token);
    expect(commands.map((c) => `${c.name} ${String(c.collection)}`)).toEqual([
      "find sessions",
      "find users",
      "update sessions",
      "find sessions",
      "find users",
    ]);
  });

  it("adds one write for a renewal at half-life", async () => {
    const { token } = await signedIn();
    now = new Date(now.getTime() + 7 * DAY + 1);
    expect(await authenticateNow(token)).toMatchObject({ ok: true, fresh: true });
    expect(commands.map((c) => `${c.name} ${String(c.collection)}`)).toEqual(["find sessions", "find users", "update sessions"]);
  });
});
