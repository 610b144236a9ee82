import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuth, type Auth } from "@tessera/domain/auth";
import type { AuthDeps } from "@tessera/domain/deps";
import type { PasswordHasher, Store } from "@tessera/domain/ports";
import { DEFAULT_RECOVERY_POLICY } from "@tessera/domain/recovery-policy";
import type { RegisterOutcome } from "@tessera/domain/register";
import { DEFAULT_SESSION_POLICY } from "@tessera/domain/session";
import { DEFAULT_THROTTLE_POLICY } from "@tessera/domain/throttle";
import { createMemoryStore } from "@tessera/memory/memory-store";

/** A clock the test moves by hand. */
export function testClock(start = new Date("2026-01-01T00:00:00Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A tiny stand-in for the bundled list. */
export const COMMON = new Set(["password1", "qwertyuiop", "iloveyou", "123456123456"]);
export const isCommonPassword = (password: string) => COMMON.has(password.toLowerCase());

/**
 * A real hasher that counts its verifications, and can hold one call at a chosen point so a test
 * decides how two use cases interleave.
 */
export function countingHasher(inner: PasswordHasher = new BcryptPasswordHasher(4, 4)) {
  const gates: { when: "verify" | "hash"; open: Promise<void>; reached: () => void }[] = [];
  const hasher = {
    verifications: 0,
    hashes: 0,
    async hash(password: string) {
      hasher.hashes++;
      await pass("hash");
      return inner.hash(password);
    },
    async verify(password: string, passwordHash: string | null) {
      hasher.verifications++;
      const result = await inner.verify(password, passwordHash);
      await pass("verify");
      return result;
    },
    needsRehash: (passwordHash: string) => inner.needsRehash(passwordHash),
    /**
     * The next call of this kind stops once it is done (a verify) or before it starts (a hash)
     * until `release` is called; `reached` resolves when it stops there.
     */
    hold(when: "verify" | "hash") {
      let release!: () => void;
      let reached!: () => void;
      const open = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      gates.push({ when, open, reached });
      return { release, reached: arrived };
    },
  };
  async function pass(when: "verify" | "hash") {
    const index = gates.findIndex((gate) => gate.when === when);
    if (index === -1) return;
    const [gate] = gates.splice(index, 1);
    gate!.reached();
    await gate!.open;
  }
  return hasher;
}

export interface Fixture {
  readonly auth: Auth;
  readonly deps: AuthDeps;
  readonly store: Store;
  readonly clock: ReturnType<typeof testClock>;
  readonly hasher: ReturnType<typeof countingHasher>;
  /** The same store and clock with other settings: a second app instance. */
  with(overrides: Partial<AuthDeps>): Auth;
}

export function fixture(overrides: Partial<AuthDeps> = {}): Fixture {
  const clock = testClock();
  const store = createMemoryStore();
  const hasher = countingHasher();
  const deps: AuthDeps = {
    users: store.users,
    sessions: store.sessions,
    attempts: store.attempts,
    devices: store.devices,
    accountTokens: store.accountTokens,
    outbox: store.outbox,
    tokens: new NodeTokenIssuer(),
    hasher,
    isCommonPassword,
    clock: clock.now,
    policy: DEFAULT_SESSION_POLICY,
    throttle: DEFAULT_THROTTLE_POLICY,
    recovery: DEFAULT_RECOVERY_POLICY,
    ...overrides,
  };
  return { auth: createAuth(deps), deps, store, clock, hasher, with: (more) => createAuth({ ...deps, ...more }) };
}

export const ada = { email: "ada@example.org", password: "correct horse", userAgent: null, clientAddress: "192.0.2.1" } as const;

type SignedUp = Extract<RegisterOutcome, { ok: true; token: string }>;

/** Registers ada and answers her first session. */
export async function registered(f: Fixture, input: { email?: string; password?: string; userAgent?: string } = {}): Promise<SignedUp> {
  const outcome = await f.auth.register({ ...ada, ...input });
  if (!outcome.ok) throw new Error(`registration failed: ${outcome.error}`);
  if (outcome.session === null) throw new Error("registration started no session");
  return outcome;
}
