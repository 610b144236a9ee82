import type { SessionRepository, SessionWithUser } from "@tessera/domain/ports";
import type { NewSession, Session } from "@tessera/domain/session";
import type { Model } from "mongoose";
import type { SessionDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

/*
 * An ended session is deleted, never flagged: FerretDB applies an update by reading the document
 * and writing it back whole, so a renewal racing a "status: expired" flag could write the old status
 * back. It writes by _id, and a deleted document stays deleted.
 */
export class MongoSessionRepository implements SessionRepository {
  constructor(private readonly sessions: Model<SessionDocument>, private readonly guard: Guard) {}

  async create({ tokenDigest, user, ...fields }: NewSession): Promise<Session> {
    const userId = toObjectId(user.id);
    if (!userId) throw new Error(`Not a MongoDB user id: ${user.id}`);
    const created = await this.guard(() =>
      this.sessions.create({ ...fields, tokenDigest, userId, user: { email: user.email, createdAt: user.createdAt } }),
    );
    return toSession(created.toObject());
  }

  async findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null> {
    // The driver's own findOne: this is the read behind every authenticated request.
    const found = await this.guard(() => this.sessions.collection.findOne<SessionDocument>({ tokenDigest }));
    if (!found) return null;
    return {
      session: toSession(found),
      user: { id: found.userId.toHexString(), email: found.user.email, createdAt: found.user.createdAt },
    };
  }

  async renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean> {
    const _id = toObjectId(id);
    if (!_id) return false;
    // $max: of two renewals racing, the later expiry stands, whichever lands last.
    const result = await this.guard(() => this.sessions.updateOne({ _id }, { $max: { expiresAt }, $set: { lastUsedAt } }).exec());
    return result.matchedCount === 1;
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await this.guard(() => this.sessions.updateOne({ _id }, { $set: { lastUsedAt } }).exec());
  }

  async expire(id: string): Promise<boolean> {
    const _id = toObjectId(id);
    if (!_id) return false;
    const result = await this.guard(() => this.sessions.deleteOne({ _id }).exec());
    return result.deletedCount === 1;
  }

  async listValid(userId: string, now: Date): Promise<Session[]> {
    const owner = toObjectId(userId);
    if (!owner) return [];
    const found = await this.guard(() => this.sessions.find({ userId: owner, expiresAt: { $gt: now } }).lean<SessionDocument[]>().exec());
    return found.map(toSession);
  }

  async expireOwned(userId: string, id: string, now: Date): Promise<boolean> {
    const [owner, _id] = [toObjectId(userId), toObjectId(id)];
    if (!owner || !_id) return false;
    // The owner is part of the filter: another user's session id matches nothing, like a missing one.
    const result = await this.guard(() => this.sessions.deleteOne({ _id, userId: owner, expiresAt: { $gt: now } }).exec());
    return result.deletedCount === 1;
  }

  async expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number> {
    const owner = toObjectId(userId);
    if (!owner) return 0;
    const except = exceptId === undefined ? null : toObjectId(exceptId);
    const result = await this.guard(() =>
      this.sessions.deleteMany({ userId: owner, expiresAt: { $gt: now }, ...(except && { _id: { $ne: except } }) }).exec(),
    );
    return result.deletedCount;
  }
}

export function toSession(doc: SessionDocument): Session {
  return {
    id: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    lastUsedAt: doc.lastUsedAt,
    userAgent: doc.userAgent ?? null,
    credentialVersion: doc.credentialVersion ?? 1,
  };
}
