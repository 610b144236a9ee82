import type { AttemptLog, DeviceRepository, SessionRepository, Store, UserRepository } from "@tessera/domain/ports";
import { recoveryRepositoryCases } from "./recovery-repository-cases.js";
import type { NewSession, Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

export type RepositoryFixture = Pick<Store, "users" | "sessions" | "attempts" | "devices" | "accountTokens" | "outbox">;

export interface RepositoryFactory {
  /** A store with no users and no sessions. Called before every test. */
  fresh(): Promise<RepositoryFixture>;
  close?(): Promise<void>;
}

const T0 = new Date("2026-03-01T12:00:00.123Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++counter}`;
/** Races are run this many times each: one lucky interleaving proves nothing. */
const ROUNDS = 20;

/** What every implementation of the repository ports must do, whatever it stores data in. */
export function runRepositorySuite(name: string, factory: RepositoryFactory): void {
  describe(`repository contract: ${name}`, () => {
    let users: UserRepository;
    let sessions: SessionRepository;
    let attempts: AttemptLog;
    let devices: DeviceRepository;
    let fixture: RepositoryFixture;

    beforeEach(async () => {
      fixture = await factory.fresh();
      ({ users, sessions, attempts, devices } = fixture);
    });
    afterAll(async () => {
      await factory.close?.();
    });

    const newUser = (email = `${unique("user")}@example.org`) => ({ email, passwordHash: "$2b$04$hash", createdAt: T0 });
    const createUser = async (email?: string) => {
      const created = await users.create(newUser(email));
      if (!created.ok) throw new Error("user not created");
      return created.user;
    };
    const newSession = (user: UserProfile, change: Partial<NewSession> = {}): NewSession => ({
      tokenDigest: unique("digest"),
      userId: user.id,
      credentialVersion: 1,
      createdAt: T0,
      expiresAt: later(60_000),
      lastUsedAt: T0,
      userAgent: "suite/1.0",
      ...change,
    });

    describe("users", () => {
      it("creates a user with a string id at credential version 1 and finds it by email and by id", async () => {
        const user = await createUser("ada@example.org");
        expect(user).toEqual({
          id: expect.any(String),
          email: "ada@example.org",
          emailVerified: false,
          passwordHash: "$2b$04$hash",
          createdAt: T0,
          credentialVersion: 1,
        });
        expect(await users.findByEmail("ada@example.org")).toEqual(user);
        expect(await users.findById(user.id)).toEqual(user);
      });

      it("answers null for an unknown email or id", async () => {
        const user = await createUser();
        await users.create(newUser());
        expect(await users.findByEmail("nobody@example.org")).toBeNull();
        // Shaped like an id, but not one any store hands out (ObjectIds begin with a timestamp).
        expect(await users.findById("0".repeat(24))).toBeNull();
        expect(user.id).not.toBe("0".repeat(24));
        expect(await users.findById("not-an-id")).toBeNull();
      });

      it("refuses a second user with the same email", async () => {
        await createUser("ada@example.org");
        expect(await users.create(newUser("ada@example.org"))).toEqual({ ok: false, reason: "email_taken" });
      });

      it("lets exactly one of 20 concurrent creates with one email win", async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => users.create(newUser("race@example.org"))));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === "email_taken")).toHaveLength(19);
      });

      it("changes the password only over the hash it expects, moving the credential version on", async () => {
        const user = await createUser();
        expect(await users.changePasswordHash(user.id, "$2b$04$other", "$2b$12$new")).toBe(false);
        expect(await users.findById(user.id)).toMatchObject({ passwordHash: "$2b$04$hash", credentialVersion: 1 });
        expect(await users.changePasswordHash(user.id, "$2b$04$hash", "$2b$12$new")).toBe(true);
        expect(await users.findById(user.id)).toMatchObject({ passwordHash: "$2b$12$new", credentialVersion: 2 });
        expect(await users.findByEmail(user.email)).toMatchObject({ passwordHash: "$2b$12$new", credentialVersion: 2 });
        expect(await users.changePasswordHash(user.id, "$2b$04$hash", "$2b$12$again")).toBe(false);
        expect(await users.changePasswordHash("not-an-id", "$2b$04$hash", "$2b$12$again")).toBe(false);
      });

      it("upgrades a hash only over the hash it expects, keeping the credential version", async () => {
        const user = await createUser();
        expect(await users.upgradePasswordHash(user.id, "$2b$04$other", "$2b$12$same")).toBe(false);
        expect(await users.upgradePasswordHash(user.id, "$2b$04$hash", "$2b$12$same")).toBe(true);
        expect(await users.findById(user.id)).toMatchObject({ passwordHash: "$2b$12$same", credentialVersion: 1 });
      });

      it("lets exactly one of many concurrent changes from one hash win, every round", async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const user = await createUser();
          const hashes = Array.from({ length: 6 }, (_, i) => `$2b$12$change-${round}-${i}`);
          const results = await Promise.all([
            ...hashes.map((hash) => users.changePasswordHash(user.id, "$2b$04$hash", hash)),
            users.upgradePasswordHash(user.id, "$2b$04$hash", `$2b$12$upgrade-${round}`),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
          const winner = [...hashes, `$2b$12$upgrade-${round}`][results.indexOf(true)];
          const stored = await users.findById(user.id);
          expect(stored?.passwordHash).toBe(winner);
          expect(stored?.credentialVersion).toBe(winner?.includes("upgrade") ? 1 : 2);
        }
      });

      it("hands out copies: changing an answer does not change the store", async () => {
        const user = await createUser();
        (user as { email: string }).email = "changed@example.org";
        user.createdAt.setFullYear(1999);
        const again = await users.findById(user.id);
        expect(again?.email).not.toBe("changed@example.org");
        expect(again?.createdAt).toEqual(T0);
      });
    });

    describe("sessions", () => {
      it("creates a session and finds it with its owner by token digest", async () => {
        const user = await createUser();
        const input = newSession(user, { credentialVersion: 3 });
        const session = await sessions.create(input);
        expect(session).toEqual({
          id: expect.any(String),
          userId: user.id,
          createdAt: T0,
          expiresAt: later(60_000),
          lastUsedAt: T0,
          userAgent: "suite/1.0",
          credentialVersion: 3,
        });
        expect(await sessions.findByTokenDigest(input.tokenDigest)).toEqual({
          session,
          user: { id: user.id, email: user.email, emailVerified: false, createdAt: T0 },
        });
      });

      it("keeps a missing user agent as null", async () => {
        const session = await sessions.create(newSession(await createUser(), { userAgent: null }));
        expect(session.userAgent).toBeNull();
      });

      it("answers null for an unknown digest, and never shows the digest or a password hash", async () => {
        const input = newSession(await createUser());
        const created = await sessions.create(input);
        expect(await sessions.findByTokenDigest("unknown")).toBeNull();
        const found = await sessions.findByTokenDigest(input.tokenDigest);
        for (const answer of [created, found, await sessions.listValid(created.userId, T0)]) {
          expect(JSON.stringify(answer)).not.toContain(input.tokenDigest);
          expect(JSON.stringify(answer)).not.toContain("$2b$");
        }
      });

      it("renews forward only, and sets lastUsedAt", async () => {
        const input = newSession(await createUser());
        const { id } = await sessions.create(input);
        expect(await sessions.renew(id, later(120_000), later(1_000))).toBe(true);
        expect(await sessions.renew(id, later(90_000), later(2_000))).toBe(true);
        const found = await sessions.findByTokenDigest(input.tokenDigest);
        expect(found?.session.expiresAt).toEqual(later(120_000));
        expect(found?.session.lastUsedAt).toEqual(later(2_000));
      });

      it("touches lastUsedAt without changing the expiry", async () => {
        const input = newSession(await createUser());
        const { id } = await sessions.create(input);
        await sessions.touch(id, later(5_000));
        const found = await sessions.findByTokenDigest(input.tokenDigest);
        expect(found?.session.lastUsedAt).toEqual(later(5_000));
        expect(found?.session.expiresAt).toEqual(later(60_000));
      });

      it("ends a session once, for good: no renewal or touch brings it back", async () => {
        const input = newSession(await createUser());
        const { id } = await sessions.create(input);
        expect(await sessions.expire(id)).toBe(true);
        expect(await sessions.expire(id)).toBe(false);
        expect(await sessions.renew(id, later(999_000), later(1_000))).toBe(false);
        await sessions.touch(id, later(1_000));
        expect(await sessions.findByTokenDigest(input.tokenDigest)).toBeNull();
      });

      it("ending one session leaves the user's others alone", async () => {
        const user = await createUser();
        const first = newSession(user);
        const second = newSession(user);
        const { id } = await sessions.create(first);
        await sessions.create(second);
        await sessions.expire(id);
        expect(await sessions.findByTokenDigest(second.tokenDigest)).not.toBeNull();
      });

      it("answers false or nothing for ids it does not know", async () => {
        expect(await sessions.expire("000000000000000000000000")).toBe(false);
        expect(await sessions.renew("not-an-id", later(1), later(1))).toBe(false);
        await expect(sessions.touch("not-an-id", later(1))).resolves.toBeUndefined();
        expect(await sessions.expireOwned("not-an-id", "not-an-id", T0)).toBe(false);
        expect(await sessions.expireAllOf("not-an-id", T0)).toBe(0);
        expect(await sessions.listValid("not-an-id", T0)).toEqual([]);
      });

      it("keeps an ended session ended while renewals and touches race it, every round", async () => {
        const user = await createUser();
        for (let round = 0; round < ROUNDS; round++) {
          const input = newSession(user);
          const { id } = await sessions.create(input);
          const writes = Array.from({ length: 8 }, (_, i) =>
            i % 2 ? sessions.renew(id, later(120_000 + i), later(i)) : sessions.touch(id, later(i)),
          );
          const [ended] = await Promise.all([sessions.expire(id), ...writes]);
          expect(ended).toBe(true);
          expect(await sessions.findByTokenDigest(input.tokenDigest), `round ${round}`).toBeNull();
        }
      });

      it("keeps a user's sessions ended while renewals race the end of all of them, every round", async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const user = await createUser();
          const inputs = [newSession(user), newSession(user), newSession(user)];
          const made = await Promise.all(inputs.map((input) => sessions.create(input)));
          const writes = made.flatMap(({ id }) => [sessions.renew(id, later(120_000), later(1)), sessions.touch(id, later(2))]);
          const [ended] = await Promise.all([sessions.expireAllOf(user.id, T0), ...writes]);
          expect(ended).toBe(3);
          for (const input of inputs) expect(await sessions.findByTokenDigest(input.tokenDigest), `round ${round}`).toBeNull();
        }
      });
    });

    describe("a user's sessions", () => {
      const three = async () => {
        const user = await createUser();
        const other = await createUser();
        const made = [];
        for (const change of [{}, { expiresAt: later(1_000) }, {}]) made.push(await sessions.create(newSession(user, change)));
        const foreign = await sessions.create(newSession(other));
        return { user, other, made: made as [Session, Session, Session], foreign };
      };
      const ids = (list: Session[]) => list.map((s) => s.id).sort();

      it("lists only the ones valid at the given time, and only the user's", async () => {
        const { user, made } = await three();
        await sessions.expire(made[2].id);
        expect(ids(await sessions.listValid(user.id, later(500)))).toEqual(ids([made[0], made[1]]));
        expect(await sessions.listValid(user.id, later(1_000))).toEqual([made[0]]);
      });

      it("ends one of the user's own, but not another user's, nor one already over", async () => {
        const { user, made, foreign } = await three();
        expect(await sessions.expireOwned(user.id, foreign.id, T0)).toBe(false);
        expect(await sessions.expireOwned(user.id, made[1].id, later(1_000))).toBe(false);
        expect(await sessions.expireOwned(user.id, made[0].id, T0)).toBe(true);
        expect(await sessions.expireOwned(user.id, made[0].id, T0)).toBe(false);
        expect(ids(await sessions.listValid(user.id, T0))).toEqual(ids([made[1], made[2]]));
      });

      it("ends all the user's valid sessions but one, and counts them", async () => {
        const { user, other, made, foreign } = await three();
        expect(await sessions.expireAllOf(user.id, T0, made[2].id)).toBe(2);
        expect(ids(await sessions.listValid(user.id, T0))).toEqual([made[2].id]);
        expect(ids(await sessions.listValid(other.id, T0))).toEqual([foreign.id]);
        expect(await sessions.expireAllOf(user.id, T0)).toBe(1);
      });
    });

    describe("throttle slots", () => {
      const slot = (number: number, holder = unique("holder"), at = T0, windowMs = 900_000) => ({
        slot: number,
        holder,
        at,
        expiresAt: new Date(at.getTime() + windowMs),
      });

      it("gives a free slot to the first attempt and refuses it to the next one until it expires", async () => {
        const first = slot(0);
        expect(await attempts.take("account:a", first)).toBe(true);
        expect(await attempts.take("account:a", slot(0, "other", later(1_000)))).toBe(false);
        expect(await attempts.held("account:a", later(1_000))).toEqual([first]);
        // Past its expiry the slot is free again, and the new holder replaces the old one.
        const next = slot(0, "next", later(900_000));
        expect(await attempts.take("account:a", next)).toBe(true);
        expect(await attempts.held("account:a", later(900_000))).toEqual([next]);
      });

      it("keeps keys apart, and lists only slots still held at the time asked", async () => {
        await attempts.take("account:a", slot(0, "h1", T0, 1_000));
        await attempts.take("account:a", slot(1, "h2", T0, 5_000));
        await attempts.take("account:b", slot(0, "h3"));
        expect((await attempts.held("account:a", later(2_000))).map((s) => s.holder)).toEqual(["h2"]);
        expect((await attempts.held("account:b", T0)).map((s) => s.holder)).toEqual(["h3"]);
        expect(await attempts.held("account:c", T0)).toEqual([]);
      });

      it("gives a slot back only for the attempt that holds it", async () => {
        await attempts.take("address:x", slot(3, "mine"));
        await attempts.release("address:x", 3, "not mine");
        expect(await attempts.held("address:x", T0)).toHaveLength(1);
        await attempts.release("address:x", 3, "mine");
        expect(await attempts.held("address:x", T0)).toEqual([]);
      });

      it("clears every slot of a key, and only of that key", async () => {
        for (let i = 0; i < 3; i++) await attempts.take("address:x", slot(i));
        await attempts.take("address:y", slot(0));
        await attempts.clear("address:x");
        expect(await attempts.held("address:x", T0)).toEqual([]);
        expect(await attempts.held("address:y", T0)).toHaveLength(1);
      });

      it("gives one slot to exactly one of many parallel attempts, and a free slot to each, every round", async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const key = unique("account");
          const same = await Promise.all(Array.from({ length: 10 }, () => attempts.take(key, slot(0))));
          expect(same.filter(Boolean)).toHaveLength(1);
          const spread = await Promise.all(Array.from({ length: 5 }, (_, i) => attempts.take(key, slot(i + 1))));
          expect(spread.every(Boolean)).toBe(true);
          expect(await attempts.held(key, T0)).toHaveLength(6);
        }
      });

      it("gives an expired slot to exactly one of many parallel attempts", async () => {
        const key = unique("account");
        await attempts.take(key, slot(0, "old", T0, 1_000));
        const results = await Promise.all(Array.from({ length: 10 }, () => attempts.take(key, slot(0, unique("new"), later(2_000)))));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await attempts.held(key, later(2_000))).toHaveLength(1);
      });
    });

    describe("devices", () => {
      const device = (userId: string, createdAt = T0) => ({ userId, createdAt, expiresAt: later(86_400_000) });

      it("finds a device by its digest, and nothing for an unknown one", async () => {
        const user = await createUser();
        await devices.create("device-digest-1", device(user.id));
        expect(await devices.find("device-digest-1")).toEqual(device(user.id));
        expect(await devices.find("unknown")).toBeNull();
      });

      it("lists a user's device digests, and no one else's", async () => {
        const [user, other] = [await createUser(), await createUser()];
        for (const digest of ["a", "b"]) await devices.create(`${digest}-${user.id}`, device(user.id));
        await devices.create(`c-${other.id}`, device(other.id));
        expect((await devices.digestsOf(user.id)).sort()).toEqual([`a-${user.id}`, `b-${user.id}`]);
        expect(await devices.digestsOf("not-an-id")).toEqual([]);
      });

      it("forgets all of a user's devices but the one named, and no one else's", async () => {
        const [user, other] = [await createUser(), await createUser()];
        for (const digest of ["a", "b", "c"]) await devices.create(`${digest}-${user.id}`, device(user.id));
        await devices.create(`d-${other.id}`, device(other.id));
        await devices.forgetAllOf(user.id, `b-${user.id}`);
        expect(await devices.find(`a-${user.id}`)).toBeNull();
        expect(await devices.find(`b-${user.id}`)).not.toBeNull();
        expect(await devices.find(`c-${user.id}`)).toBeNull();
        expect(await devices.find(`d-${other.id}`)).not.toBeNull();
        await devices.forgetAllOf(user.id);
        expect(await devices.find(`b-${user.id}`)).toBeNull();
      });

      it("keeps only a user's newest devices when told how many", async () => {
        const [user, other] = [await createUser(), await createUser()];
        for (let i = 0; i < 4; i++) await devices.create(`n${i}-${user.id}`, device(user.id, later(i * 1_000)));
        await devices.create(`o-${other.id}`, device(other.id));
        await devices.prune(user.id, 2);
        const kept = [];
        for (let i = 0; i < 4; i++) if (await devices.find(`n${i}-${user.id}`)) kept.push(i);
        expect(kept).toEqual([2, 3]);
        expect(await devices.find(`o-${other.id}`)).not.toBeNull();
      });
    });

    recoveryRepositoryCases(() => fixture);
  });
}
