import type { CreateUserResult, UserRepository } from "@tessera/domain/ports";
import type { NewUser, User } from "@tessera/domain/user";
import type { Model } from "mongoose";
import type { UserDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import { guard } from "./unavailable.js";

const DUPLICATE_KEY = 11000;

export class MongoUserRepository implements UserRepository {
  constructor(private readonly users: Model<UserDocument>) {}

  async create(user: NewUser): Promise<CreateUserResult> {
    try {
      const created = await guard(() => this.users.create({ ...user }));
      return { ok: true, user: toUser(created.toObject()) };
    } catch (error) {
      // The unique index on email is what decides a race between two registrations.
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) return { ok: false, reason: "email_taken" };
      throw error;
    }
  }

  async findByEmail(email: string): Promise<User | null> {
    const found = await guard(() => this.users.findOne({ email }).lean<UserDocument>().exec());
    return found ? toUser(found) : null;
  }

  async findById(id: string): Promise<User | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const found = await guard(() => this.users.findById(_id).lean<UserDocument>().exec());
    return found ? toUser(found) : null;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const _id = toObjectId(id);
    if (!_id) return;
    await guard(() => this.users.updateOne({ _id }, { $set: { passwordHash } }).exec());
  }
}

function toUser(doc: UserDocument): User {
  return { id: doc._id.toHexString(), email: doc.email, passwordHash: doc.passwordHash, createdAt: doc.createdAt };
}
