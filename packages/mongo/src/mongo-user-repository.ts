import type { CreateUserResult, UserRepository } from "@tessera/domain/ports";
import { FIRST_CREDENTIAL_VERSION, type NewUser, type User } from "@tessera/domain/user";
import type { Model, Types } from "mongoose";
import type { CredentialDocument, UserDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

const DUPLICATE_KEY = 11000;

interface Credential {
  readonly seq: number;
  readonly passwordHash: string;
  readonly credentialVersion: number;
}

export class MongoUserRepository implements UserRepository {
  constructor(
    private readonly users: Model<UserDocument>,
    private readonly credentials: Model<CredentialDocument>,
    private readonly guard: Guard,
  ) {}

  async create(user: NewUser): Promise<CreateUserResult> {
    try {
      const created = await this.guard(() => this.users.create({ ...user }));
      const doc = created.toObject();
      return { ok: true, user: toUser(doc, firstCredential(doc)) };
    } catch (error) {
      // The unique index on email is what decides a race between two registrations.
      if (isDuplicate(error)) return { ok: false, reason: "email_taken" };
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
      if (isDuplicate(error)) return false;
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

function firstCredential(user: UserDocument): Credential {
  return { seq: 0, passwordHash: user.passwordHash, credentialVersion: FIRST_CREDENTIAL_VERSION };
}

function toUser(doc: { _id: Types.ObjectId; email: string; createdAt: Date }, credential: Credential): User {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    createdAt: doc.createdAt,
    passwordHash: credential.passwordHash,
    credentialVersion: credential.credentialVersion,
  };
}

function isDuplicate(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}
