import type { AuthDeps } from "../src/deps.js";
import type { LoginAttemptLog, PasswordHasher, SessionRepository, TokenIssuer, UserRepository } from "../src/ports.js";
import { DEFAULT_SESSION_POLICY, isSessionValid, type Session } from "../src/session.js";
import { DEFAULT_THROTTLE_POLICY } from "../src/throttle.js";
import type { User } from "../src/user.js";

/** A clock the test moves by hand. */
export function fakeClock(start = new Date("2026-01-01T00:00:00Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Reversible "hashes" that record which cost made them, and count verifications. */
export function fakeHasher(cost = 10): PasswordHasher & { verifications: number } {
  return {
    verifications: 0,
    async hash(password) {
      return `cost${cost}:${password}`;
    },
    async verify(password, hash) {
      this.verifications++;
      return hash.slice(hash.indexOf(":") + 1) === password;
    },
    needsRehash(hash) {
      return !hash.startsWith(`cost${cost}:`);
    },
  };
}

export function fakeTokens(): TokenIssuer {
  let next = 0;
  return {
    // Zero-padded, so tokens sort in the order they were issued (attempt ids are tokens too).
    issue: () => `token-${String(++next).padStart(6, "0")}`,
    digest: (token) => (token.startsWith("token-") ? `digest(${token})` : null),
  };
}

export function fakeUsers(): UserRepository & { all: Map<string, User> } {
  const all = new Map<string, User>();
  return {
    all,
    async create(user) {
      if ([...all.values()].some((u) => u.email === user.email)) return { ok: false, reason: "email_taken" };
      const created = { ...user, id: `user-${all.size + 1}` };
      all.set(created.id, created);
      return { ok: true, user: created };
    },
    async findByEmail(email) {
      return [...all.values()].find((u) => u.email === email) ?? null;
    },
    async findById(id) {
      return all.get(id) ?? null;
    },
    async updatePasswordHash(id, passwordHash) {
      const user = all.get(id);
      if (user) all.set(id, { ...user, passwordHash });
    },
  };
}

export function fakeSessions(users: ReturnType<typeof fakeUsers>): SessionRepository & {
  all: Map<string, Session & { tokenDigest: string }>;
  writes: number;
} {
  const all = new Map<string, Session & { tokenDigest: string }>();
  const update = (id: string, change: Partial<Session>) => {
    const session = all.get(id);
    if (session) all.set(id, { ...session, ...change });
  };
  return {
    all,
    writes: 0,
    async create({ user, ...fields }) {
      const session = { ...fields, id: `session-${all.size + 1}`, userId: user.id, status: "valid" as const };
      all.set(session.id, session);
      return session;
    },
    async findByTokenDigest(digest) {
      const session = [...all.values()].find((s) => s.tokenDigest === digest);
      const user = session && users.all.get(session.userId);
      return session && user ? { session, user } : null;
    },
    async renew(id, expiresAt, lastUsedAt) {
      this.writes++;
      if (all.get(id)?.status !== "valid") return false;
      update(id, { expiresAt, lastUsedAt });
      return true;
    },
    async touch(id, lastUsedAt) {
      this.writes++;
      update(id, { lastUsedAt });
    },
    async expire(id) {
      this.writes++;
      const wasValid = all.get(id)?.status === "valid";
      update(id, { status: "expired" });
      return wasValid;
    },
    async listValid(userId, now) {
      return [...all.values()].filter((s) => s.userId === userId && isSessionValid(s, now));
    },
    async expireOwned(userId, id, now) {
      const session = all.get(id);
      return session?.userId === userId && isSessionValid(session, now) ? this.expire(id) : false;
    },
    async expireAllOf(userId, now, exceptId) {
      const ended = [...all.values()].filter((s) => s.userId === userId && s.id !== exceptId && isSessionValid(s, now));
      for (const session of ended) update(session.id, { status: "expired" });
      return ended.length;
    },
  };
}

export function fakeAttempts(): LoginAttemptLog & { all: { key: string; at: Date }[] } {
  const all: { key: string; at: Date }[] = [];
  return {
    all,
    async add(key, at) {
      all.push({ key, at });
    },
    async since(key, since) {
      return all.filter((a) => a.key === key && a.at > since).map((a) => a.at);
    },
    async clear(key) {
      const kept = all.filter((a) => a.key !== key);
      all.splice(0, all.length, ...kept);
    },
  };
}

/** A tiny stand-in for the bundled list. */
export const COMMON = new Set(["password1", "qwertyuiop", "iloveyou"]);
export const isCommonPassword = (password: string) => COMMON.has(password.toLowerCase());

export function fakeDeps(overrides: Partial<AuthDeps> = {}) {
  const clock = fakeClock();
  const users = fakeUsers();
  const sessions = fakeSessions(users);
  const hasher = fakeHasher();
  const attempts = fakeAttempts();
  const deps: AuthDeps = {
    users,
    sessions,
    attempts,
    hasher,
    tokens: fakeTokens(),
    isCommonPassword,
    clock: clock.now,
    policy: DEFAULT_SESSION_POLICY,
    throttle: DEFAULT_THROTTLE_POLICY,
    ...overrides,
  };
  return { deps, clock, users, sessions, hasher, attempts };
}
