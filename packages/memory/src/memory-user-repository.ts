import type { CreateUserResult, UserRepository } from "@tessera/domain/ports";
import type { NewUser, User } from "@tessera/domain/user";
import { newId } from "./ids.js";

export class MemoryUserRepository implements UserRepository {
  private readonly idsByEmail = new Map<string, string>();

  constructor(private readonly usersById: Map<string, User>) {}

  async create(user: NewUser): Promise<CreateUserResult> {
    // Check and insert run without an await between them: the event loop makes this atomic.
    if (this.idsByEmail.has(user.email)) return { ok: false, reason: "email_taken" };
    const created: User = { ...user, id: newId(), createdAt: new Date(user.createdAt) };
    this.usersById.set(created.id, created);
    this.idsByEmail.set(created.email, created.id);
    return { ok: true, user: copy(created) };
  }

  async findByEmail(email: string): Promise<User | null> {
    const id = this.idsByEmail.get(email);
    return id === undefined ? null : this.findById(id);
  }

  async findById(id: string): Promise<User | null> {
    const user = this.usersById.get(id);
    return user ? copy(user) : null;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    const user = this.usersById.get(id);
    if (user) this.usersById.set(id, { ...user, passwordHash });
  }
}

// Callers get copies, so nothing they change reaches the store behind its back.
function copy(user: User): User {
  return { ...user, createdAt: new Date(user.createdAt) };
}
