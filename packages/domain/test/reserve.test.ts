import { describe, expect, it, vi } from "vitest";
import type { AttemptLog, HeldSlot } from "../src/ports.js";
import { createReserve, DEFAULT_THROTTLE_POLICY } from "../src/throttle.js";

/*
 * The reservation algorithm against attempt logs that misbehave on purpose: the paths a healthy store
 * reaches only under the heaviest contention. The real stores are held to the repository suite.
 */

const NOW = new Date("2026-01-01T00:00:00Z");
let issued = 0;
const deps = (attempts: AttemptLog) => ({ attempts, clock: () => NOW, tokens: { issue: () => `holder-${++issued}`, digest: () => null } });
const limit = (max: number, key = "account:a") => ({ key, max, windowMs: 60_000 });

/** A log that lists every slot as free and gives none: every other attempt always wins the race. */
function alwaysLost(): AttemptLog & { takes: number } {
  const log = {
    takes: 0,
    held: async () => [],
    take: async () => {
      log.takes++;
      return false;
    },
    release: async () => {},
    clear: async () => {},
  };
  return log;
}

describe("reserving a slot", () => {
  it("tries two slots blind, then lists and tries every free one, four rounds, before it calls the key full", async () => {
    const log = alwaysLost();
    expect(await createReserve(deps(log))([limit(3)])).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(log.takes).toBe(2 + 4 * 3);
  });

  it("takes a free slot with one insert and no listing while the key is far from full", async () => {
    const held: HeldSlot[] = [];
    const log: AttemptLog = {
      held: vi.fn(async () => held),
      take: vi.fn(async (_key: string, slot: HeldSlot) => (held.push(slot), true)),
      release: vi.fn(async () => {}),
      clear: vi.fn(async () => {}),
    };
    const reservation = await createReserve(deps(log))([limit(100)]);
    expect(reservation.ok).toBe(true);
    expect(log.take).toHaveBeenCalledTimes(1);
    expect(log.held).not.toHaveBeenCalled();
  });

  it("gives back what it took under one limit when another is full", async () => {
    const released: string[] = [];
    const log: AttemptLog = {
      held: async (key) => (key === "address:x" ? [{ slot: 0, holder: "other", at: NOW, expiresAt: new Date(NOW.getTime() + 30_000) }] : []),
      take: async (key) => key !== "address:x",
      release: async (key) => void released.push(key),
      clear: async () => {},
    };
    expect(await createReserve(deps(log))([limit(5), limit(1, "address:x")])).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(released).toEqual(["account:a"]);
  });

  it("moves on to the next free slot when one it listed was taken meanwhile", async () => {
    let takes = 0;
    const log: AttemptLog = { held: async () => [], take: async () => ++takes > 3, release: async () => {}, clear: async () => {} };
    expect((await createReserve(deps(log))([limit(4)])).ok).toBe(true);
    // Two blind tries and the first slot listed were lost; the second one listed was free.
    expect(takes).toBe(4);
  });
});

describe("the default limits", () => {
  it("are the contract's: 5 per account and 100 per address in 15 minutes, devices trusted 180 days", () => {
    expect(DEFAULT_THROTTLE_POLICY).toEqual({
      windowMs: 15 * 60 * 1000,
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 100,
      maxFailuresPerDevice: 5,
      deviceLifetimeMs: 180 * 24 * 60 * 60 * 1000,
      registrationWindowMs: 15 * 60 * 1000,
      maxRegistrationsPerAddress: 100,
    });
  });
});
