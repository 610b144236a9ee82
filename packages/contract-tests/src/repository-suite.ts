import type { LoginAttemptLog, SessionRepository, Store, UserRepository } from "@tessera/domain/ports";
import type { NewSession, Session } from "@tessera/domain/session";
import type { UserProfile } from "@tessera/domain/user";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

export type RepositoryFixture = Pick<Store, "users" | "sessions" | "attempts">;

export interface RepositoryFactory {
  /** A store with no users and no sessions. Called before every test. */
  fresh(): Promise<RepositoryFixture>;
  close?(): Promise<void>;
}

const T0 = new Date("2026-03-01T12:00:00.123Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++counter}`;

/** What every implementation of the repository ports must do, whatever it stores data in. */
export function runRepositorySuite(name: string, factory: RepositoryFactory): void {
  describe(`repository contract: ${name}`, () => {
    let users: UserRepository;
    let sessions: SessionRepository;
    let attempts: LoginAttemptLog;

    beforeEach(async () => {
      ({ users, sessions, attempts } = await factory.fresh());
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
      user: { id: user.id, email: user.email, createdAt: user.createdAt },
      createdAt: T0,
      expiresAt: later(60_000),
      lastUsedAt: T0,
      userAgent: "suite/1.0",
      ...change,
    });

    describe("users", () => {
      it("creates a user with a string id and finds it by email and by id", async () => {
        const user = await createUser("ada@example.org");
        expect(user).toEqual({ id: expect.any(String), email: "ada@example.org", passwordHash: "$2b$04$hash", createdAt: T0 });
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

      it("updates the password hash", async () => {
        const user = await createUser();
        await users.updatePasswordHash(user.id, "$2b$12$other");
        expect((await users.findById(user.id))?.passwordHash).toBe("$2b$12$other");
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
      it("creates a valid session and finds it with its owner by token digest", async () => {
        const user = await createUser();
        const input = newSession(user);
        const session = await sessions.create(input);
        expect(session).toEqual({
          id: expect.any(String),
          userId: user.id,
          createdAt: T0,
          expiresAt: later(60_000),
          lastUsedAt: T0,
          status: "valid",
          userAgent: "suite/1.0",
        });
        expect(await sessions.findByTokenDigest(input.tokenDigest)).toEqual({
          session,
          user: { id: user.id, email: user.email, createdAt: T0 },
        });
      });

      it("keeps a missing user agent as null", async () => {
        const session = await sessions.create(newSession(await createUser(), { userAgent: null }));
        expect(session.userAgent).toBeNull();
      });

      it("answers null for an unknown digest, and never shows the digest or a password hash", async () => {
        const input = newSession(await createUser());
        await sessions.create(input);
        expect(await sessions.findByTokenDigest("unknown")).toBeNull();
        const found = await sessions.findByTokenDigest(input.tokenDigest);
        expect(JSON.stringify(found)).not.toContain(input.tokenDigest);
        expect(JSON.stringify(found)).not.toContain("$2b$");
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

      it("expires a session once, for good: no renewal or touch brings it back", async () => {
        const input = newSession(await createUser());
        const { id } = await sessions.create(input);
        expect(await sessions.expire(id)).toBe(true);
        expect(await sessions.expire(id)).toBe(false);
        expect(await sessions.renew(id, later(999_000), later(1_000))).toBe(false);
        await sessions.touch(id, later(1_000));
        const found = await sessions.findByTokenDigest(input.tokenDigest);
        expect(found?.session.status).toBe("expired");
        expect(found?.session.expiresAt).toEqual(later(60_000));
      });

      it("expiring one session leaves the user's others alone", async () => {
        const user = await createUser();
        const first = newSession(user);
        const second = newSession(user);
        const { id } = await sessions.create(first);
        await sessions.create(second);
        await sessions.expire(id);
        expect((await sessions.findByTokenDigest(second.tokenDigest))?.session.status).toBe("valid");
      });

      it("answers false or nothing for ids it does not know", async () => {
        expect(await sessions.expire("000000000000000000000000")).toBe(false);
        expect(await sessions.renew("not-an-id", later(1), later(1))).toBe(false);
        await expect(sessions.touch("not-an-id", later(1))).resolves.toBeUndefined();
        expect(await sessions.expireOwned("not-an-id", "not-an-id", T0)).toBe(false);
        expect(await sessions.expireAllOf("not-an-id", T0)).toBe(0);
        expect(await sessions.listValid("not-an-id", T0)).toEqual([]);
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

      it("lists only the ones valid at the given time, and only the user's", async () => {
        const { user, made } = await three();
        await sessions.expire(made[2].id);
        expect(await sessions.listValid(user.id, later(500))).toEqual([made[0], made[1]]);
        expect(await sessions.listValid(user.id, later(1_000))).toEqual([made[0]]);
      });

      it("ends one of the user's own, but not another user's, nor one already over", async () => {
        const { user, made, foreign } = await three();
        expect(await sessions.expireOwned(user.id, foreign.id, T0)).toBe(false);
        expect(await sessions.expireOwned(user.id, made[1].id, later(1_000))).toBe(false);
        expect(await sessions.expireOwned(user.id, made[0].id, T0)).toBe(true);
        expect(await sessions.expireOwned(user.id, made[0].id, T0)).toBe(false);
        expect((await sessions.listValid(user.id, T0)).map((s) => s.id)).toEqual([made[1].id, made[2].id]);
      });

      it("ends all the user's valid sessions but one, and counts them", async () => {
        const { user, other, made, foreign } = await three();
        expect(await sessions.expireAllOf(user.id, T0, made[2].id)).toBe(2);
        expect((await sessions.listValid(user.id, T0)).map((s) => s.id)).toEqual([made[2].id]);
        expect((await sessions.listValid(other.id, T0)).map((s) => s.id)).toEqual([foreign.id]);
        expect(await sessions.expireAllOf(user.id, T0)).toBe(1);
      });
    });

    describe("failed logins", () => {
      const expiresAt = later(900_000);

      it("keeps failures per key and answers those after a moment", async () => {
        await attempts.add("account:a", later(-2_000), expiresAt);
        await attempts.add("account:a", T0, expiresAt);
        await attempts.add("account:b", T0, expiresAt);
        expect(await attempts.since("account:a", later(-1_000))).toEqual([T0]);
        expect(await attempts.since("account:a", later(-5_000))).toHaveLength(2);
      });

      it("forgets all failures under a key, and only under that key", async () => {
        for (let i = 0; i < 3; i++) await attempts.add("address:x", T0, expiresAt);
        await attempts.add("address:y", T0, expiresAt);
        await attempts.clear("address:x");
        expect(await attempts.since("address:x", later(-1))).toEqual([]);
        expect(await attempts.since("address:y", later(-1))).toHaveLength(1);
      });

      it("records every one of many parallel failures", async () => {
        await Promise.all(Array.from({ length: 25 }, () => attempts.add("account:race", T0, expiresAt)));
        expect(await attempts.since("account:race", later(-1))).toHaveLength(25);
      });
    });
  });
}
