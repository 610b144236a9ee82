import type { Letter, LetterKind, MailIntent, OutboxEntry } from "@tessera/domain/mail";
import type { Store } from "@tessera/domain/ports";
import type { Fixture } from "./fixture.js";

/*
 * The outbox as the recovery tests look at it: what the use cases queued, and what the courier's
 * domain side (dispatchMail) makes of it, with no courier and no delivery in between.
 */

/** Later than any clock a test moves to: every pending entry is due by then. */
const FAR = new Date("2100-01-01T00:00:00Z");

/** Every entry the outbox holds pending, oldest first. */
export function pending(f: Fixture): Promise<OutboxEntry[]> {
  return f.store.outbox.due(FAR, 10_000);
}

export async function pendingIntents(f: Fixture): Promise<MailIntent[]> {
  return (await pending(f)).map((entry) => entry.intent);
}

/**
 * What a courier would send now: each pending entry through dispatchMail, then settled (sent, or
 * dropped when it makes no letter), as a delivery that never fails would leave it.
 */
export async function deliverAll(f: Fixture): Promise<Letter[]> {
  const letters: Letter[] = [];
  for (const entry of await pending(f)) {
    const letter = await f.auth.dispatchMail(entry, f.clock.now());
    const attempts = entry.attempts + 1;
    await f.store.outbox.settle(entry.id, letter ? { status: "sent", attempts, message: null, userId: letter.userId ?? null } : { status: "dropped", attempts });
    if (letter) letters.push(letter);
  }
  return letters;
}

/** Delivers what is pending and answers the token of the one letter of this kind to this address. */
export async function linkToken(f: Fixture, kind: LetterKind, to: string): Promise<string> {
  const letters = (await deliverAll(f)).filter((letter) => letter.kind === kind && letter.to === to);
  if (letters.length !== 1 || !letters[0]!.token) throw new Error(`expected one ${kind} letter with a link to ${to}, got ${letters.length}`);
  return letters[0]!.token;
}

/** A reset link for an address: asks for it, and delivers it. */
export async function resetToken(f: Fixture, email: string, clientAddress: string | null = null): Promise<string> {
  const asked = await f.auth.requestPasswordReset({ email, clientAddress });
  if (!asked.ok) throw new Error(`reset refused: ${asked.error}`);
  return linkToken(f, "password_reset", email);
}

/** The ports' methods: what a use case can call (an adapter's own helpers are left out). */
const PORTS = {
  users: ["create", "findByEmail", "findById", "changePasswordHash", "upgradePasswordHash", "markEmailVerified", "changeEmail", "delete"],
  sessions: ["create", "findByTokenDigest", "renew", "touch", "expire", "listValid", "expireOwned", "expireAllOf", "deleteAllOf"],
  attempts: ["held", "take", "release", "clear"],
  devices: ["create", "find", "forgetAllOf", "prune"],
  accountTokens: ["issue", "take", "forgetAllOf"],
  outbox: ["add", "get", "due", "settle", "kept", "forgetAllOf"],
} as const;

/** Every call any repository of the store gets from now on, in order: `["outbox.add", args]`. */
export function recordStoreCalls(store: Store): [string, unknown[]][] {
  const calls: [string, unknown[]][] = [];
  for (const [name, methods] of Object.entries(PORTS)) {
    const repository = store[name as keyof typeof PORTS] as unknown as Record<string, unknown>;
    for (const method of methods) {
      const original = repository[method];
      if (typeof original !== "function") throw new Error(`${name}.${method} is no method`);
      repository[method] = (...args: unknown[]) => {
        calls.push([`${name}.${method}`, args]);
        return (original as (...args: unknown[]) => unknown).apply(repository, args);
      };
    }
  }
  return calls;
}
