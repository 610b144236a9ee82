import type { AttemptLog, Clock, HeldSlot, TokenIssuer } from "./ports.js";

/** How many attempts are allowed within a window, per key. */
export interface ThrottlePolicy {
  /** The window failed logins (and failed current-password checks) are counted in. */
  readonly windowMs: number;
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerAddress: number;
  /** A device that signed in to the account before: a small limit of its own, past the others. */
  readonly maxFailuresPerDevice: number;
  /** How long a device stays trusted after its last sign-in. */
  readonly deviceLifetimeMs: number;
  /** Registrations cost a bcrypt hash each: counted per client address, in a window of their own. */
  readonly registrationWindowMs: number;
  readonly maxRegistrationsPerAddress: number;
}

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE_MS,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 100,
  maxFailuresPerDevice: 5,
  deviceLifetimeMs: 180 * DAY_MS,
  registrationWindowMs: 15 * MINUTE_MS,
  maxRegistrationsPerAddress: 100,
};

export interface Limit {
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
}

export type Reservation =
  | { readonly ok: true; release(): Promise<void> }
  | { readonly ok: false; readonly retryAfterSeconds: number };

/** How often a reservation lists and tries the free slots before it calls the key full. */
const ROUNDS = 4;
/** Slots tried blind before listing: while a key is far from full, the first one is almost always free. */
const BLIND_TRIES = 2;

/**
 * Reserves one attempt under each limit before the attempt runs, so that no burst, however
 * parallel, runs more attempts than a limit allows: each attempt holds a slot of its key, taken by
 * an atomic insert, until the window has passed (it counted) or it is given back (it did not).
 */
export function createReserve(deps: { attempts: AttemptLog; clock: Clock; tokens: TokenIssuer }) {
  const tryTake = async (limit: Limit, holder: string, slot: number): Promise<Reservation | null> => {
    const now = deps.clock();
    const claim: HeldSlot = { slot, holder, at: now, expiresAt: new Date(now.getTime() + limit.windowMs) };
    if (!(await deps.attempts.take(limit.key, claim))) return null;
    return { ok: true, release: () => deps.attempts.release(limit.key, slot, holder) };
  };

  const reserveOne = async (limit: Limit, holder: string): Promise<Reservation> => {
    const start = spread(holder, limit.max);
    for (let i = 0; i < Math.min(BLIND_TRIES, limit.max); i++) {
      const taken = await tryTake(limit, holder, (start + i * 7919) % limit.max);
      if (taken) return taken;
    }
    for (let round = 0; round < ROUNDS; round++) {
      const now = deps.clock();
      const held = await deps.attempts.held(limit.key, now);
      const taken = new Set(held.map(({ slot }) => slot));
      const free = freeSlots(limit.max, taken, start);
      if (free.length === 0) return { ok: false, retryAfterSeconds: secondsUntilFree(held, now) };
      for (const slot of free) {
        const reservation = await tryTake(limit, holder, slot);
        if (reservation) return reservation;
      }
    }
    // Every free slot went to a parallel attempt, round after round: the key is as good as full.
    return { ok: false, retryAfterSeconds: 1 };
  };

  /** `holder` names the attempt; a random name unless the caller has one of its own (an outbox entry). */
  return async (limits: readonly Limit[], holder: string = deps.tokens.issue()): Promise<Reservation> => {
    const made: { release(): Promise<void> }[] = [];
    for (const limit of limits) {
      const reservation = await reserveOne(limit, holder);
      if (!reservation.ok) {
        await Promise.all(made.map((other) => other.release()));
        return reservation;
      }
      made.push(reservation);
    }
    return { ok: true, release: async () => void (await Promise.all(made.map((each) => each.release()))) };
  };
}

/**
 * Where an attempt starts looking, from its holder's random name: parallel attempts spread over
 * the slots instead of all trying the first one.
 */
function spread(holder: string, max: number): number {
  let start = 0;
  for (let i = 0; i < holder.length; i++) start = (start * 31 + holder.charCodeAt(i)) % max;
  return start;
}

/** The free slots, in order from `start` round to it again. */
function freeSlots(max: number, taken: ReadonlySet<number>, start: number): number[] {
  const free: number[] = [];
  for (let i = 0; i < max; i++) {
    const slot = (start + i) % max;
    if (!taken.has(slot)) free.push(slot);
  }
  return free;
}

/** Whole seconds until the first held slot frees up; at least one. */
export function secondsUntilFree(held: readonly HeldSlot[], now: Date): number {
  const first = Math.min(...held.map(({ expiresAt }) => expiresAt.getTime()));
  return Math.max(1, Math.ceil((first - now.getTime()) / 1000));
}
