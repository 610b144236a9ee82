import { intentUserId, type MailIntent, type OutboxEntry, type Settlement } from "@tessera/domain/mail";
import type { Outbox } from "@tessera/domain/ports";
import type { Model } from "mongoose";
import type { OutboxDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

/** How long a settled entry is kept (what was sent, what failed) before it is deleted. */
export const SETTLED_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Mail to send, one document an entry: added pending, then updated only by the courier holding it
 * (so no two writes race on one entry), and deleted a week after it settled or when its account goes.
 */
export class MongoOutbox implements Outbox {
  constructor(private readonly entries: Model<OutboxDocument>, private readonly guard: Guard) {}

  async add(intent: MailIntent, at: Date): Promise<void> {
    await this.guard(() =>
      this.entries.collection.insertOne({
        intent,
        userId: intentUserId(intent),
        createdAt: at,
        status: "pending",
        attempts: 0,
        nextAttemptAt: at,
        lastError: null,
        message: null,
      } as OutboxDocument),
    );
  }

  async get(id: string): Promise<OutboxEntry | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const found = await this.guard(() => this.entries.findById(_id).lean<OutboxDocument>().exec());
    return found ? toEntry(found) : null;
  }

  async due(now: Date, limit: number): Promise<OutboxEntry[]> {
    const found = await this.guard(() =>
      this.entries
        .find({ status: "pending", nextAttemptAt: { $lte: now } })
        // _id last: entries added at one instant come in the order they were added.
        .sort({ nextAttemptAt: 1, createdAt: 1, _id: 1 })
        .limit(limit)
        .lean<OutboxDocument[]>()
        .exec(),
    );
    return found.map(toEntry);
  }

  async settle(id: string, settlement: Settlement): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await this.guard(() => this.entries.updateOne({ _id }, { $set: settled(settlement, new Date()) }).exec());
  }

  async kept(limit: number): Promise<OutboxEntry[]> {
    const found = await this.guard(() =>
      this.entries.find({ message: { $ne: null } }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<OutboxDocument[]>().exec(),
    );
    return found.map(toEntry);
  }

  async forgetAllOf(userId: string, email: string): Promise<void> {
    await this.guard(() =>
      this.entries
        .deleteMany({
          $or: [
            { userId },
            { "intent.userId": userId },
            { "intent.email": email },
            { "intent.to": email },
            { "intent.newEmail": email },
            { "message.to": email },
          ],
        })
        .exec(),
    );
  }
}

/**
 * The fields an attempt's end sets. A settled entry gets a purgeAt (wall clock): the TTL index, or
 * the sweeper, deletes it then. A pending one never has one, so undelivered mail is never lost.
 */
function settled(settlement: Settlement, now: Date): Partial<OutboxDocument> {
  const { status, attempts } = settlement;
  const purgeAt = new Date(now.getTime() + SETTLED_KEPT_MS);
  switch (settlement.status) {
    case "pending":
      return { status, attempts, nextAttemptAt: settlement.nextAttemptAt, lastError: settlement.lastError };
    case "failed":
      return { status, attempts, lastError: settlement.lastError, purgeAt };
    case "sent":
      return { status, attempts, message: settlement.message, purgeAt, ...(settlement.userId && { userId: settlement.userId }) };
    case "dropped":
      return { status, attempts, purgeAt };
  }
}

function toEntry(doc: OutboxDocument): OutboxEntry {
  return {
    id: doc._id.toHexString(),
    intent: doc.intent,
    userId: doc.userId ?? null,
    createdAt: doc.createdAt,
    status: doc.status,
    attempts: doc.attempts,
    nextAttemptAt: doc.nextAttemptAt,
    lastError: doc.lastError ?? null,
    message: doc.message ?? null,
  };
}
