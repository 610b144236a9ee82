import type { AttemptLog, HeldSlot } from "@tessera/domain/ports";
import type { Model } from "mongoose";
import { isDuplicateKey } from "./duplicate-key.js";
import type { AttemptSlotDocument } from "./models.js";
import type { Guard } from "./unavailable.js";

/**
 * Throttle slots as documents that are only inserted and deleted, never updated: the unique
 * (key, slot) index gives each slot to one attempt at a time on any Mongo-wire server.
 */
export class MongoAttemptLog implements AttemptLog {
  constructor(private readonly slots: Model<AttemptSlotDocument>, private readonly guard: Guard) {}

  async held(key: string, now: Date): Promise<HeldSlot[]> {
    const found = await this.guard(() =>
      this.slots.find({ key, expiresAt: { $gt: now } }, { _id: 0, slot: 1, holder: 1, at: 1, expiresAt: 1 }).lean<HeldSlot[]>().exec(),
    );
    return found.map(({ slot, holder, at, expiresAt }) => ({ slot, holder, at, expiresAt }));
  }

  async take(key: string, { slot, holder, at, expiresAt }: HeldSlot): Promise<boolean> {
    const insert = async () => {
      try {
        await this.guard(() => this.slots.collection.insertOne({ key, slot, holder, at, expiresAt } as AttemptSlotDocument));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    };
    if (await insert()) return true;
    // Held: by an attempt whose time is over, the slot is free again. Of two attempts that both
    // clear it, the insert decides.
    const cleared = await this.guard(() => this.slots.deleteOne({ key, slot, expiresAt: { $lte: at } }).exec());
    return cleared.deletedCount === 1 && (await insert());
  }

  async release(key: string, slot: number, holder: string): Promise<void> {
    await this.guard(() => this.slots.deleteOne({ key, slot, holder }).exec());
  }

  async clear(key: string): Promise<void> {
    await this.guard(() => this.slots.deleteMany({ key }).exec());
  }
}
