import type { LoginAttemptLog } from "@tessera/domain/ports";
import type { Model } from "mongoose";
import type { LoginAttemptDocument } from "./models.js";
import { guard } from "./unavailable.js";

/**
 * Failed logins as documents that are only inserted and deleted, never updated: a count of them is
 * exact under concurrency on any Mongo-wire server, where a $inc counter is not on every one.
 */
export class MongoLoginAttemptLog implements LoginAttemptLog {
  constructor(private readonly attempts: Model<LoginAttemptDocument>) {}

  async add(key: string, at: Date, expiresAt: Date): Promise<void> {
    await guard(() => this.attempts.collection.insertOne({ key, at, expiresAt }));
  }

  async since(key: string, since: Date): Promise<Date[]> {
    const found = await guard(() => this.attempts.find({ key, at: { $gt: since } }, { at: 1, _id: 0 }).lean<{ at: Date }[]>().exec());
    return found.map(({ at }) => at);
  }

  async clear(key: string): Promise<void> {
    await guard(() => this.attempts.deleteMany({ key }).exec());
  }
}
