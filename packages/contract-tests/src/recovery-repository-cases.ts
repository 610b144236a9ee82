import type { MailIntent, MailMessage } from "@tessera/domain/mail";
import type { AccountToken, AccountTokenKind } from "@tessera/domain/ports";
import { describe, expect, it } from "vitest";
import type { RepositoryFixture } from "./repository-suite.js";

const T0 = new Date("2026-03-01T12:00:00.123Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++counter}`;
/** Races are run this many times each: one lucky interleaving proves nothing. */
const ROUNDS = 20;

/**
 * What the stores must do for account recovery and account changes: verified addresses, email
 * changes and deletion on users, single-use mail tokens, and the outbox. Part of the repository
 * suite every store passes.
 */
export function recoveryRepositoryCases(fixture: () => RepositoryFixture): void {
  const newUser = (email = `${unique("user")}@example.org`) => ({ email, passwordHash: "$2b$04$hash", createdAt: T0 });
  const createUser = async (email?: string) => {
    const created = await fixture().users.create(newUser(email));
    if (!created.ok) throw new Error("user not created");
    return created.user;
  };
  const startSession = async (userId: string, expiresAt = later(60_000)) => {
    const tokenDigest = unique("digest");
    await fixture().sessions.create({ tokenDigest, userId, credentialVersion: 1, createdAt: T0, expiresAt, lastUsedAt: T0, userAgent: null });
    return tokenDigest;
  };

  describe("verified addresses", () => {
    it("marks the address verified only while it is the one expected, and every session sees it", async () => {
      const { users, sessions } = fixture();
      const user = await createUser();
      const digest = await startSession(user.id);
      expect(await users.markEmailVerified(user.id, "someone-else@example.org")).toBe(false);
      expect((await users.findById(user.id))?.emailVerified).toBe(false);
      expect(await users.markEmailVerified(user.id, user.email)).toBe(true);
      expect(await users.findById(user.id)).toEqual({ ...user, emailVerified: true });
      expect((await users.findByEmail(user.email))?.emailVerified).toBe(true);
      expect((await sessions.findByTokenDigest(digest))?.user.emailVerified).toBe(true);
      // Verifying again changes nothing and is no error.
      expect(await users.markEmailVerified(user.id, user.email)).toBe(true);
      expect(await users.markEmailVerified("000000000000000000000000", user.email)).toBe(false);
      expect(await users.markEmailVerified("not-an-id", user.email)).toBe(false);
    });

    it("keeps the password and its version when the address is verified", async () => {
      const { users } = fixture();
      const user = await createUser();
      expect(await users.changePasswordHash(user.id, user.passwordHash, "$2b$12$new")).toBe(true);
      await users.markEmailVerified(user.id, user.email);
      expect(await users.findById(user.id)).toMatchObject({ passwordHash: "$2b$12$new", credentialVersion: 2, emailVerified: true });
    });
  });

  describe("email changes", () => {
    it("moves the account to the new address, verified, in every session, and frees the old one", async () => {
      const { users, sessions } = fixture();
      const user = await createUser();
      const digest = await startSession(user.id);
      const to = `${unique("moved")}@example.org`;
      expect(await users.changeEmail(user.id, user.email, to)).toEqual({ ok: true });
      expect(await users.findById(user.id)).toEqual({ ...user, email: to, emailVerified: true });
      expect(await users.findByEmail(to)).toEqual({ ...user, email: to, emailVerified: true });
      expect(await users.findByEmail(user.email)).toBeNull();
      expect((await sessions.findByTokenDigest(digest))?.user).toEqual({ id: user.id, email: to, emailVerified: true, createdAt: T0 });
      expect((await users.create(newUser(user.email))).ok).toBe(true);
    });

    it("changes nothing when the address is no longer the one expected, or the account is gone", async () => {
      const { users } = fixture();
      const user = await createUser();
      const to = `${unique("moved")}@example.org`;
      expect(await users.changeEmail(user.id, "old@example.org", to)).toEqual({ ok: false, reason: "changed_meanwhile" });
      expect(await users.changeEmail("000000000000000000000000", user.email, to)).toEqual({ ok: false, reason: "changed_meanwhile" });
      expect(await users.changeEmail("not-an-id", user.email, to)).toEqual({ ok: false, reason: "changed_meanwhile" });
      expect(await users.findById(user.id)).toEqual(user);
      expect(await users.findByEmail(to)).toBeNull();
    });

    it("refuses an address another account has, and changes nothing", async () => {
      const { users } = fixture();
      const [user, other] = [await createUser(), await createUser()];
      expect(await users.changeEmail(user.id, user.email, other.email)).toEqual({ ok: false, reason: "email_taken" });
      expect(await users.findById(user.id)).toEqual(user);
      expect(await users.findByEmail(other.email)).toEqual(other);
    });

    it("gives one address to exactly one of many accounts moving to it at once, every round", async () => {
      const { users } = fixture();
      for (let round = 0; round < ROUNDS; round++) {
        const movers = await Promise.all(Array.from({ length: 5 }, () => createUser()));
        const to = `${unique("wanted")}@example.org`;
        const results = await Promise.all(movers.map((user) => users.changeEmail(user.id, user.email, to)));
        expect(results.filter((result) => result.ok), `round ${round}`).toHaveLength(1);
        expect(results.filter((result) => !result.ok && result.reason === "email_taken")).toHaveLength(4);
        const winner = movers[results.findIndex((result) => result.ok)];
        expect((await users.findByEmail(to))?.id).toBe(winner?.id);
      }
    });

    it("never undoes a move with a verification racing it, every round", async () => {
      const { users } = fixture();
      for (let round = 0; round < ROUNDS; round++) {
        const user = await createUser();
        const to = `${unique("moving")}@example.org`;
        const [verified, moved] = await Promise.all([users.markEmailVerified(user.id, user.email), users.changeEmail(user.id, user.email, to)]);
        expect(moved, `round ${round}`).toEqual({ ok: true });
        expect(typeof verified).toBe("boolean");
        expect(await users.findById(user.id), `round ${round}`).toEqual({ ...user, email: to, emailVerified: true });
        expect(await users.findByEmail(user.email)).toBeNull();
      }
    });

    it("leaves a deleted account deleted when a move or a verification races the deletion, every round", async () => {
      const { users } = fixture();
      for (let round = 0; round < ROUNDS; round++) {
        const user = await createUser();
        const to = `${unique("fleeing")}@example.org`;
        const [deleted] = await Promise.all([
          users.delete(user.id),
          users.changeEmail(user.id, user.email, to),
          users.markEmailVerified(user.id, user.email),
        ]);
        expect(deleted, `round ${round}`).toBe(true);
        expect(await users.findById(user.id), `round ${round}`).toBeNull();
        expect(await users.findByEmail(to)).toBeNull();
        expect(await users.findByEmail(user.email)).toBeNull();
      }
    });

    it("gives one address to exactly one of a registration and a move racing for it, every round", async () => {
      const { users } = fixture();
      for (let round = 0; round < ROUNDS; round++) {
        const mover = await createUser();
        const to = `${unique("contested")}@example.org`;
        const [moved, registered] = await Promise.all([users.changeEmail(mover.id, mover.email, to), users.create(newUser(to))]);
        expect([moved.ok, registered.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
        const owner = await users.findByEmail(to);
        expect(owner?.id).toBe(moved.ok ? mover.id : registered.ok ? registered.user.id : undefined);
      }
    });
  });

  describe("account deletion", () => {
    it("removes the account for good: no lookup finds it or its sessions, and its address is free", async () => {
      const { users, sessions } = fixture();
      const user = await createUser();
      expect(await users.changePasswordHash(user.id, user.passwordHash, "$2b$12$second")).toBe(true);
      const digest = await startSession(user.id);
      expect(await users.delete(user.id)).toBe(true);
      expect(await users.delete(user.id)).toBe(false);
      expect(await users.findById(user.id)).toBeNull();
      expect(await users.findByEmail(user.email)).toBeNull();
      expect(await sessions.findByTokenDigest(digest)).toBeNull();
      expect(await users.changePasswordHash(user.id, "$2b$12$second", "$2b$12$third")).toBe(false);
      expect(await users.markEmailVerified(user.id, user.email)).toBe(false);
      const again = await users.create(newUser(user.email));
      expect(again.ok && again.user).toMatchObject({ email: user.email, passwordHash: "$2b$04$hash", credentialVersion: 1, emailVerified: false });
      expect(await users.delete("not-an-id")).toBe(false);
    });

    it("removes every session of a user, valid or over, and no one else's", async () => {
      const { sessions } = fixture();
      const [user, other] = [await createUser(), await createUser()];
      const mine = [await startSession(user.id), await startSession(user.id, later(1_000))];
      const theirs = await startSession(other.id);
      await sessions.deleteAllOf(user.id);
      for (const digest of mine) expect(await sessions.findByTokenDigest(digest)).toBeNull();
      expect(await sessions.listValid(user.id, T0)).toEqual([]);
      expect(await sessions.findByTokenDigest(theirs)).not.toBeNull();
      await expect(sessions.deleteAllOf("not-an-id")).resolves.toBeUndefined();
    });
  });

  describe("account tokens", () => {
    const token = (userId: string, kind: AccountTokenKind, change: Partial<AccountToken> = {}): AccountToken => ({
      userId,
      kind,
      email: "ada@example.org",
      newEmail: kind === "email_change" ? "ada.new@example.org" : null,
      credentialVersion: 2,
      createdAt: T0,
      expiresAt: later(3_600_000),
      ...change,
    });

    it("takes a token once, as it was issued, and never shows its digest", async () => {
      const { accountTokens } = fixture();
      const user = await createUser();
      const digest = unique("reset-digest");
      const issued = token(user.id, "reset");
      await accountTokens.issue(digest, issued);
      const taken = await accountTokens.take(digest, ["reset"]);
      expect(taken).toEqual(issued);
      expect(JSON.stringify(taken)).not.toContain(digest);
      expect(await accountTokens.take(digest, ["reset"])).toBeNull();
      expect(await accountTokens.take(unique("unknown"), ["reset", "verify", "email_change"])).toBeNull();
    });

    it("keeps every kind's fields, and hands out expired tokens for the caller to refuse", async () => {
      const { accountTokens } = fixture();
      const user = await createUser();
      const change = token(user.id, "email_change", { expiresAt: later(-1), credentialVersion: 7 });
      await accountTokens.issue("change-digest", change);
      expect(await accountTokens.take("change-digest", ["verify", "email_change"])).toEqual(change);
    });

    it("leaves a token of another kind where it is", async () => {
      const { accountTokens } = fixture();
      const user = await createUser();
      await accountTokens.issue("verify-digest", token(user.id, "verify"));
      expect(await accountTokens.take("verify-digest", ["reset"])).toBeNull();
      expect(await accountTokens.take("verify-digest", ["verify", "email_change"])).toMatchObject({ kind: "verify" });
    });

    it("voids a user's older token of a kind when a new one is issued, and nothing else", async () => {
      const { accountTokens } = fixture();
      const [user, other] = [await createUser(), await createUser()];
      await accountTokens.issue("first", token(user.id, "reset"));
      await accountTokens.issue("verify", token(user.id, "verify"));
      await accountTokens.issue("theirs", token(other.id, "reset"));
      await accountTokens.issue("second", token(user.id, "reset", { createdAt: later(1_000) }));
      expect(await accountTokens.take("first", ["reset"])).toBeNull();
      expect(await accountTokens.take("second", ["reset"])).toMatchObject({ userId: user.id, createdAt: later(1_000) });
      expect(await accountTokens.take("verify", ["verify"])).not.toBeNull();
      expect(await accountTokens.take("theirs", ["reset"])).not.toBeNull();
    });

    it("gives a token to exactly one of many parallel takes, every round", async () => {
      const { accountTokens } = fixture();
      const user = await createUser();
      for (let round = 0; round < ROUNDS; round++) {
        const digest = unique("contested");
        await accountTokens.issue(digest, token(user.id, "reset"));
        const takes = await Promise.all(Array.from({ length: 10 }, () => accountTokens.take(digest, ["reset"])));
        expect(takes.filter((taken) => taken !== null), `round ${round}`).toHaveLength(1);
      }
    });

    it("leaves exactly one token standing after parallel issues for one user and kind, every round", async () => {
      const { accountTokens } = fixture();
      const user = await createUser();
      for (let round = 0; round < ROUNDS; round++) {
        const digests = Array.from({ length: 5 }, () => unique("parallel"));
        await Promise.all(digests.map((digest) => accountTokens.issue(digest, token(user.id, "verify"))));
        const taken = await Promise.all(digests.map((digest) => accountTokens.take(digest, ["verify"])));
        expect(taken.filter((found) => found !== null), `round ${round}`).toHaveLength(1);
      }
    });

    it("forgets a user's tokens, of one kind or all, and no one else's", async () => {
      const { accountTokens } = fixture();
      const [user, other] = [await createUser(), await createUser()];
      await accountTokens.issue("r", token(user.id, "reset"));
      await accountTokens.issue("v", token(user.id, "verify"));
      await accountTokens.issue("c", token(user.id, "email_change"));
      await accountTokens.issue("o", token(other.id, "reset"));
      await accountTokens.forgetAllOf(user.id, "reset");
      expect(await accountTokens.take("r", ["reset"])).toBeNull();
      await accountTokens.forgetAllOf(user.id);
      expect(await accountTokens.take("v", ["verify"])).toBeNull();
      expect(await accountTokens.take("c", ["email_change"])).toBeNull();
      expect(await accountTokens.take("o", ["reset"])).not.toBeNull();
    });
  });

  describe("outbox", () => {
    const message = (to: string): MailMessage => ({ to, subject: "Reset your password", text: "text", html: "<p>html</p>" });

    it("keeps every kind of intent as it was added, pending and due at once", async () => {
      const { outbox } = fixture();
      const intents: MailIntent[] = [
        { kind: "verify_email", userId: "u1" },
        { kind: "password_reset", email: "ada@example.org" },
        { kind: "confirm_email_change", userId: "u1", newEmail: "new@example.org" },
        { kind: "email_change_requested", userId: "u1", to: "ada@example.org", newEmail: "new@example.org" },
        { kind: "email_changed", userId: "u1", to: "ada@example.org", newEmail: "new@example.org" },
        { kind: "password_changed", userId: "u1", to: "ada@example.org" },
        { kind: "password_reset_done", userId: "u1", to: "ada@example.org" },
      ];
      for (const [i, intent] of intents.entries()) await outbox.add(intent, later(i));
      const due = await outbox.due(later(10_000), 50);
      expect(due.map((entry) => entry.intent)).toEqual(intents);
      for (const [i, entry] of due.entries()) {
        expect(entry).toEqual({
          id: expect.any(String),
          intent: intents[i],
          // The account an intent names; a reset asked by address names none yet.
          userId: intents[i]!.kind === "password_reset" ? null : "u1",
          createdAt: later(i),
          status: "pending",
          attempts: 0,
          nextAttemptAt: later(i),
          lastError: null,
          message: null,
        });
        expect(await outbox.get(entry.id)).toEqual(entry);
      }
    });

    it("lists only what is due, oldest first, at most as many as asked", async () => {
      const { outbox } = fixture();
      await outbox.add({ kind: "password_changed", userId: "someone", to: "b@example.org" }, later(2_000));
      await outbox.add({ kind: "password_changed", userId: "someone", to: "a@example.org" }, later(1_000));
      await outbox.add({ kind: "password_changed", userId: "someone", to: "c@example.org" }, later(3_000));
      expect(await outbox.due(later(500), 10)).toEqual([]);
      expect((await outbox.due(later(2_500), 10)).map(({ intent }) => intent)).toEqual([
        { kind: "password_changed", userId: "someone", to: "a@example.org" },
        { kind: "password_changed", userId: "someone", to: "b@example.org" },
      ]);
      expect(await outbox.due(later(5_000), 2)).toHaveLength(2);
    });

    it("records a retry: not due before its time, then due with its attempts and reason", async () => {
      const { outbox } = fixture();
      await outbox.add({ kind: "password_reset", email: "ada@example.org" }, T0);
      const [entry] = await outbox.due(T0, 10);
      await outbox.settle(entry!.id, { status: "pending", attempts: 1, nextAttemptAt: later(5_000), lastError: "Error ECONNREFUSED" });
      expect(await outbox.due(later(4_999), 10)).toEqual([]);
      expect(await outbox.due(later(5_000), 10)).toEqual([
        { ...entry, attempts: 1, nextAttemptAt: later(5_000), lastError: "Error ECONNREFUSED" },
      ]);
    });

    it("never lists a settled entry as due again, and keeps only the messages it was given", async () => {
      const { outbox } = fixture();
      for (const to of ["sent@example.org", "kept@example.org", "failed@example.org", "dropped@example.org"]) {
        await outbox.add({ kind: "password_changed", userId: "someone", to }, T0);
      }
      const [sent, kept, failed, dropped] = await outbox.due(T0, 10);
      await outbox.settle(sent!.id, { status: "sent", attempts: 1, message: null, userId: null });
      await outbox.settle(kept!.id, { status: "sent", attempts: 2, message: message("kept@example.org"), userId: null });
      await outbox.settle(failed!.id, { status: "failed", attempts: 8, lastError: "Error EAUTH 535" });
      await outbox.settle(dropped!.id, { status: "dropped", attempts: 1 });
      expect(await outbox.due(later(86_400_000), 10)).toEqual([]);
      expect(await outbox.get(sent!.id)).toMatchObject({ status: "sent", attempts: 1, message: null, userId: "someone" });
      expect(await outbox.get(failed!.id)).toMatchObject({ status: "failed", attempts: 8, lastError: "Error EAUTH 535" });
      expect(await outbox.get(dropped!.id)).toMatchObject({ status: "dropped", attempts: 1 });
      expect(await outbox.kept(10)).toEqual([{ ...kept, status: "sent", attempts: 2, message: message("kept@example.org") }]);
    });

    it("lists kept messages newest first, at most as many as asked", async () => {
      const { outbox } = fixture();
      for (let i = 0; i < 3; i++) await outbox.add({ kind: "password_changed", userId: "someone", to: `n${i}@example.org` }, later(i * 1_000));
      for (const entry of await outbox.due(later(10_000), 10)) {
        await outbox.settle(entry.id, { status: "sent", attempts: 1, message: message((entry.intent as { to: string }).to), userId: null });
      }
      expect((await outbox.kept(2)).map((entry) => entry.message?.to)).toEqual(["n2@example.org", "n1@example.org"]);
    });

    it("answers null for an entry it does not know", async () => {
      const { outbox } = fixture();
      expect(await outbox.get("000000000000000000000000")).toBeNull();
      expect(await outbox.get("not-an-id")).toBeNull();
    });

    it("ties an entry to the account its letter went to, and forgets it with the account", async () => {
      const { outbox } = fixture();
      await outbox.add({ kind: "password_reset", email: "old-address@example.org" }, T0);
      await outbox.add({ kind: "password_reset", email: "someone@example.org" }, T0);
      const [mine, theirs] = await outbox.due(T0, 10);
      await outbox.settle(mine!.id, { status: "sent", attempts: 1, message: null, userId: "moved" });
      await outbox.settle(theirs!.id, { status: "sent", attempts: 1, message: null, userId: "someone" });
      expect(await outbox.get(mine!.id)).toMatchObject({ userId: "moved", status: "sent" });
      // The account has another address now: the entry is found by the account alone.
      await outbox.forgetAllOf("moved", "new-address@example.org");
      expect(await outbox.get(mine!.id)).toBeNull();
      expect(await outbox.get(theirs!.id)).toMatchObject({ userId: "someone" });
    });

    it("forgets every entry naming a user or an address, and no other", async () => {
      const { outbox } = fixture();
      const intents: MailIntent[] = [
        { kind: "verify_email", userId: "gone" },
        { kind: "password_reset", email: "gone@example.org" },
        { kind: "confirm_email_change", userId: "gone", newEmail: "next@example.org" },
        { kind: "email_changed", userId: "someone", to: "old@example.org", newEmail: "gone@example.org" },
        { kind: "password_changed", userId: "someone", to: "gone@example.org" },
        { kind: "verify_email", userId: "stays" },
        { kind: "password_reset", email: "stays@example.org" },
      ];
      for (const intent of intents) await outbox.add(intent, T0);
      const entries = await outbox.due(T0, 20);
      // A kept message to the address goes too, whatever its intent said.
      await outbox.settle(entries[5]!.id, { status: "sent", attempts: 1, message: message("gone@example.org"), userId: null });
      await outbox.forgetAllOf("gone", "gone@example.org");
      expect((await outbox.due(T0, 20)).map(({ intent }) => intent)).toEqual([{ kind: "password_reset", email: "stays@example.org" }]);
      expect(await outbox.kept(10)).toEqual([]);
    });
  });
}
