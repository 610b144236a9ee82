import type { SessionRepository, SessionWithUser } from "@tessera/domain/ports";
import type { NewSession, Session } from "@tessera/domain/session";
import type { Model } from "mongoose";
import type { SessionDocument, UserDocument } from "./models.js";
import { PROFILE_FIELDS, toProfile } from "./mongo-user-repository.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

/*
 * An ended session is deleted, never flagged: FerretDB applies an update by reading the document
 * and writing it back whole, so a renewal racing a "status: expired" flag could write the old status
 * back. It writes by _id, and a deleted document stays deleted.
 */
export class MongoSessionRepository implements SessionRepository {
  constructor(
    private readonly sessions: Model<SessionDocument>,
    private readonly users: Model<UserDocument>,
    private readonly guard: Guard,
  ) {}

  async create({ tokenDigest, userId, ...fields }: NewSession): Promise<Session> {
    const owner = toObjectId(userId);
    if (!owner) throw new Error(`Not a MongoDB user id: ${userId}`);
    const created = await this.guard(() => this.sessions.create({ ...fields, tokenDigest, userId: owner }));
    return toSession(created.toObject());
  }

  /**
   * The read behind every authenticated request: two point reads through unique indexes (the session
   * by its digest, then its owner by _id), with the driver's own findOne. The owner is read, not
   * copied into the session: keeping copies in step would take an updateMany over the sessions, which
   * FerretDB applies as read-then-write of each document, so one racing a touch or a renewal could be
   * lost. Both reads are one guarded operation: the request answers within one timeout.
   */
  async findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null> {
    return this.guard(async () => {
      const session = await this.sessions.collection.findOne<SessionDocument>({ tokenDigest });
      if (!session) return null;
      const user = await this.users.collection.findOne<UserDocument>({ _id: session.userId }, { projection: PROFILE_FIELDS });
      return user ? { session: toSession(session), user: toProfile(user) } : null;
    });
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

  async deleteAllOf(userId: string): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) return;
    await this.guard(() => this.sessions.deleteMany({ userId: owner }).exec());
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
