import type { AccountToken, AccountTokenKind, AccountTokenRepository } from "@tessera/domain/ports";
import type { Model } from "mongoose";
import { isDuplicateKey } from "./duplicate-key.js";
import type { AccountTokenDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

/**
 * Each failed try means another issue for the same user and kind completed meanwhile (its token
 * went in between this one's delete and insert), so an issue gives up only when this many others
 * completed while it ran.
 */
const ISSUE_TRIES = 5;

/**
 * Mail tokens as documents that are only inserted and deleted, never updated: the unique
 * (userId, kind) index keeps one token of a kind per user, and a token is spent by the one delete
 * that removes it. Neither depends on an update being atomic, which on FerretDB it is not.
 */
export class MongoAccountTokenRepository implements AccountTokenRepository {
  constructor(private readonly tokens: Model<AccountTokenDocument>, private readonly guard: Guard) {}

  async issue(digest: string, { userId, kind, email, newEmail, credentialVersion, createdAt, expiresAt }: AccountToken): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) throw new Error(`Not a MongoDB user id: ${userId}`);
    for (let tries = 0; tries < ISSUE_TRIES; tries++) {
      await this.guard(() => this.tokens.deleteMany({ userId: owner, kind }).exec());
      try {
        await this.guard(() =>
          this.tokens.collection.insertOne({
            digest,
            userId: owner,
            kind,
            email,
            newEmail,
            credentialVersion,
            createdAt,
            expiresAt,
          } as AccountTokenDocument),
        );
        return;
      } catch (error) {
        // A concurrent issue put its token in between: the newest issue wins, so remove it and go again.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`No ${kind} token could be issued for user ${userId}: ${ISSUE_TRIES} concurrent issues completed first`);
  }

  async take(digest: string, kinds: readonly AccountTokenKind[]): Promise<AccountToken | null> {
    const found = await this.guard(() => this.tokens.findOne({ digest, kind: { $in: [...kinds] } }).lean<AccountTokenDocument>().exec());
    if (!found) return null;
    // The delete decides: of concurrent takes that found the token, only one removes it. Not
    // findOneAndDelete, whose atomicity not every Mongo-wire server keeps.
    const deleted = await this.guard(() => this.tokens.deleteOne({ _id: found._id }).exec());
    return deleted.deletedCount === 1 ? toToken(found) : null;
  }

  async forgetAllOf(userId: string, kind?: AccountTokenKind): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) return;
    await this.guard(() => this.tokens.deleteMany({ userId: owner, ...(kind && { kind }) }).exec());
  }
}

function toToken(doc: AccountTokenDocument): AccountToken {
  return {
    userId: doc.userId.toHexString(),
    kind: doc.kind,
    email: doc.email,
    newEmail: doc.newEmail ?? null,
    credentialVersion: doc.credentialVersion,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  };
}
