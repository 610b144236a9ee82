import { describeWithMongo } from "@tessera/contract-tests/mongo-suites";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuthenticate } from "@tessera/domain/authenticate";
import { DEFAULT_SESSION_POLICY } from "@tessera/domain/session";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { dropDatabase } from "../src/drop-database.js";
import { openMongoStore, type MongoStore } from "../src/mongo-store.js";

const DAY = 24 * 60 * 60 * 1000;
const BOOKKEEPING = new Set(["hello", "isMaster", "ismaster", "ping", "endSessions", "saslStart", "saslContinue"]);

/**
 * The read path's cost in store commands, counted by the driver's own command monitoring:
 * authenticating a request is one indexed read and no write, but for the rare renewal or touch.
 */
describeWithMongo("authenticated read path", ({ uri, dbName }) => {
  let store: MongoStore;
  const commands: { name: string; collection: unknown; filter: unknown }[] = [];
  let now = new Date("2026-06-01T12:00:00Z");
  const tokens = new NodeTokenIssuer();

  beforeAll(async () => {
    store = await openMongoStore({
      uri,
      dbName,
      onCommand: ({ commandName, command }) => {
        if (BOOKKEEPING.has(commandName)) return;
        commands.push({ name: commandName, collection: command[commandName], filter: command.filter ?? command.updates });
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
    const created = await store.users.create({ email: `reader-${Math.random()}@example.org`, passwordHash: "h", createdAt: now });
    if (!created.ok) throw new Error("user not created");
    const token = tokens.issue();
    await store.sessions.create({
      tokenDigest: tokens.digest(token)!,
      user: created.user,
      credentialVersion: 1,
      createdAt: now,
      expiresAt: new Date(now.getTime() + DEFAULT_SESSION_POLICY.lifetimeMs),
      lastUsedAt: now,
      userAgent: null,
    });
    commands.length = 0;
    return token;
  }

  const authenticateNow = (token: string) =>
    createAuthenticate({ sessions: store.sessions, tokens, clock: () => now, policy: DEFAULT_SESSION_POLICY })(token);

  it("is a single find on the sessions collection by token digest, and no write", async () => {
    const token = await signedIn();
    for (let i = 0; i < 5; i++) expect((await authenticateNow(token)).ok).toBe(true);
    expect(commands).toHaveLength(5);
    for (const command of commands) {
      expect(command).toEqual({ name: "find", collection: "sessions", filter: { tokenDigest: tokens.digest(token) } });
    }
  });

  it("adds one write at most once a minute to record use", async () => {
    const token = await signedIn();
    now = new Date(now.getTime() + 61_000);
    await authenticateNow(token);
    await authenticateNow(token);
    expect(commands.map((c) => `${c.name} ${String(c.collection)}`)).toEqual(["find sessions", "update sessions", "find sessions"]);
  });

  it("adds one write for a renewal at half-life", async () => {
    const token = await signedIn();
    now = new Date(now.getTime() + 7 * DAY + 1);
    expect(await authenticateNow(token)).toMatchObject({ ok: true, fresh: true });
    expect(commands.map((c) => `${c.name} ${String(c.collection)}`)).toEqual(["find sessions", "update sessions"]);
  });
});
