import type { AttemptLog, HeldSlot } from "@tessera/domain/ports";

const SWEEP_INTERVAL_MS = 60_000;

/** Throttle slots in this process: each app instance counts its own (use a shared store for more). */
export class MemoryAttemptLog implements AttemptLog {
  private readonly byKey = new Map<string, Map<number, HeldSlot>>();
  private lastSweep = 0;

  async held(key: string, now: Date): Promise<HeldSlot[]> {
    return [...(this.byKey.get(key)?.values() ?? [])].filter((slot) => slot.expiresAt.getTime() > now.getTime()).map(copy);
  }

  async take(key: string, slot: HeldSlot): Promise<boolean> {
    this.sweep(slot.at);
    const slots = this.byKey.get(key) ?? new Map<number, HeldSlot>();
    const holder = slots.get(slot.slot);
    if (holder && holder.expiresAt.getTime() > slot.at.getTime()) return false;
    slots.set(slot.slot, copy(slot));
    this.byKey.set(key, slots);
    return true;
  }

  async release(key: string, slot: number, holder: string): Promise<void> {
    const slots = this.byKey.get(key);
    if (slots?.get(slot)?.holder !== holder) return;
    slots.delete(slot);
    if (slots.size === 0) this.byKey.delete(key);
  }

  async clear(key: string): Promise<void> {
    this.byKey.delete(key);
  }

  /** Drops expired slots under every key now and then, so keys tried once do not pile up. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const [key, slots] of [...this.byKey]) {
      for (const [number, slot] of [...slots]) if (slot.expiresAt.getTime() <= now.getTime()) slots.delete(number);
      if (slots.size === 0) this.byKey.delete(key);
    }
  }
}

function copy(slot: HeldSlot): HeldSlot {
  return { slot: slot.slot, holder: slot.holder, at: new Date(slot.at), expiresAt: new Date(slot.expiresAt) };
}
