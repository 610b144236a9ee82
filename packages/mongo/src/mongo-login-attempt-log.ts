import type { LoginAttemptLog, RecordedAttempt } from "@tessera/domain/ports";
import type { Model } from "mongoose";
import type { LoginAttemptDocument } from "./models.js";
import { guard } from "./unavailable.js";

/**
 * Attempts as documents that are only inserted and deleted, never updated: a count of them is exact
 * under concurrency on any Mongo-wire server, where a $inc counter is not on every one.
 */
export class MongoLoginAttemptLog implements LoginAttemptLog {
  constructor(private readonly attempts: Model<LoginAttemptDocument>) {}

  async add(key: string, attemptId: string, at: Date, expiresAt: Date): Promise<void> {
    await guard(() => this.attempts.collection.insertOne({ key, attemptId, at, expiresAt }));
  }

  async since(key: string, since: Date): Promise<RecordedAttempt[]> {
    const found = await guard(() =>
      this.attempts.find({ key, at: { $gt: since } }, { attemptId: 1, at: 1, _id: 0 }).lean<RecordedAttempt[]>().exec(),
    );
    return found.map(({ attemptId, at }) => ({ attemptId, at }));
  }

  async remove(key: string, attemptId: string): Promise<void> {
    await guard(() => this.attempts.deleteOne({ key, attemptId }).exec());
  }

  async clear(key: string): Promise<void> {
    await guard(() => this.attempts.deleteMany({ key }).exec());
  }
}
