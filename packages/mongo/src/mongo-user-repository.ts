import type { AttemptLog, ChangeEmailResult, CreateUserResult, UserRepository } from "@tessera/domain/ports";
import { FIRST_CREDENTIAL_VERSION, type NewUser, type User, type UserProfile } from "@tessera/domain/user";
import type { Model } from "mongoose";
import { createAccountLock } from "./account-lock.js";
import { isDuplicateKey } from "./duplicate-key.js";
import type { CredentialDocument, UserDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

interface Credential {
  readonly seq: number;
  readonly passwordHash: string;
  readonly credentialVersion: number;
}

/** The fields of a user document that make its profile: what a session lookup reads. */
export const PROFILE_FIELDS = { email: 1, emailVerified: 1, createdAt: 1 } as const;

export class MongoUserRepository implements UserRepository {
  /** Serialises the updates of one user document: see account-lock.ts. Passwords need none (inserts). */
  private readonly locked: ReturnType<typeof createAccountLock>;

  constructor(
    private readonly users: Model<UserDocument>,
    private readonly credentials: Model<CredentialDocument>,
    private readonly guard: Guard,
    slots: AttemptLog,
  ) {
    this.locked = createAccountLock(slots);
  }

  async create(user: NewUser): Promise<CreateUserResult> {
    try {
      const created = await this.guard(() => this.users.create({ ...user, emailVerified: false }));
      const doc = created.toObject();
      return { ok: true, user: toUser(doc, firstCredential(doc)) };
    } catch (error) {
      // The unique index on email is what decides a race between two registrations.
      if (isDuplicateKey(error)) return { ok: false, reason: "email_taken" };
      throw error;
    }
  }

  async findByEmail(email: string): Promise<User | null> {
    const found = await this.guard(() => this.users.findOne({ email }).lean<UserDocument>().exec());
    return found ? toUser(found, await this.current(found)) : null;
  }

  async findById(id: string): Promise<User | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const found = await this.guard(() => this.users.findById(_id).lean<UserDocument>().exec());
    return found ? toUser(found, await this.current(found)) : null;
  }

  changePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    return this.replace(id, expectedHash, passwordHash, 1);
  }

  upgradePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    return this.replace(id, expectedHash, passwordHash, 0);
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const _id = toObjectId(id);
    if (!_id) return false;
    const result = await this.locked(id, () => this.guard(() => this.users.updateOne({ _id, email }, { $set: { emailVerified: true } }).exec()));
    return result.matchedCount === 1;
  }

  async changeEmail(id: string, fromEmail: string, toEmail: string): Promise<ChangeEmailResult> {
    const _id = toObjectId(id);
    if (!_id) return { ok: false, reason: "changed_meanwhile" };
    try {
      const result = await this.locked(id, () =>
        this.guard(() => this.users.updateOne({ _id, email: fromEmail }, { $set: { email: toEmail, emailVerified: true } }).exec()),
      );
      return result.matchedCount === 1 ? { ok: true } : { ok: false, reason: "changed_meanwhile" };
    } catch (error) {
      // The unique index on email decides between accounts moving to one address and a registration.
      if (isDuplicateKey(error)) return { ok: false, reason: "email_taken" };
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const _id = toObjectId(id);
    if (!_id) return false;
    // The account first: without it its passwords let no one in, whatever happens next.
    // Under the lock: an update that read the document first cannot write it back after the delete.
    const deleted = await this.locked(id, () => this.guard(() => this.users.deleteOne({ _id }).exec()));
    // Even when the account was gone already: what an interrupted deletion left goes now.
    await this.guard(() => this.credentials.deleteMany({ userId: _id }).exec());
    return deleted.deletedCount === 1;
  }

  /**
   * Compare-and-set by insert: the next number after the current credential is free only to the
   * first writer who read that credential; every other one meets the unique index.
   */
  private async replace(id: string, expectedHash: string, passwordHash: string, versionStep: 0 | 1): Promise<boolean> {
    const userId = toObjectId(id);
    if (!userId) return false;
    const user = await this.guard(() => this.users.findById(userId).lean<UserDocument>().exec());
    if (!user) return false;
    const current = await this.current(user);
    if (current.passwordHash !== expectedHash) return false;
    try {
      await this.guard(() =>
        this.credentials.collection.insertOne({
          userId,
          seq: current.seq + 1,
          passwordHash,
          credentialVersion: current.credentialVersion + versionStep,
          createdAt: new Date(),
        } as CredentialDocument),
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async current(user: UserDocument): Promise<Credential> {
    const latest = await this.guard(() =>
      this.credentials.findOne({ userId: user._id }).sort({ seq: -1 }).lean<CredentialDocument>().exec(),
    );
    return latest ?? firstCredential(user);
  }
}

export function toProfile(doc: Pick<UserDocument, "_id" | "email" | "emailVerified" | "createdAt">): UserProfile {
  return { id: doc._id.toHexString(), email: doc.email, emailVerified: doc.emailVerified ?? false, createdAt: doc.createdAt };
}

function firstCredential(user: UserDocument): Credential {
  return { seq: 0, passwordHash: user.passwordHash, credentialVersion: FIRST_CREDENTIAL_VERSION };
}

function toUser(doc: UserDocument, credential: Credential): User {
  return { ...toProfile(doc), passwordHash: credential.passwordHash, credentialVersion: credential.credentialVersion };
}
