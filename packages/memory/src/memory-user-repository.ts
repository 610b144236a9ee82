import type { ChangeEmailResult, CreateUserResult, UserRepository } from "@tessera/domain/ports";
import { FIRST_CREDENTIAL_VERSION, type NewUser, type User } from "@tessera/domain/user";
import { newId } from "./ids.js";

/*
 * Each method reads and writes without an await in between: the event loop makes every check
 * and the write that depends on it one atomic step.
 */
export class MemoryUserRepository implements UserRepository {
  private readonly idsByEmail = new Map<string, string>();

  constructor(private readonly usersById: Map<string, User>) {}

  async create(user: NewUser): Promise<CreateUserResult> {
    if (this.idsByEmail.has(user.email)) return { ok: false, reason: "email_taken" };
    const created: User = {
      ...user,
      id: newId(),
      emailVerified: false,
      createdAt: new Date(user.createdAt),
      credentialVersion: FIRST_CREDENTIAL_VERSION,
    };
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

  async changePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    const user = this.usersById.get(id);
    if (user?.passwordHash !== expectedHash) return false;
    this.usersById.set(id, { ...user, passwordHash, credentialVersion: user.credentialVersion + 1 });
    return true;
  }

  async upgradePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    const user = this.usersById.get(id);
    if (user?.passwordHash !== expectedHash) return false;
    this.usersById.set(id, { ...user, passwordHash });
    return true;
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const user = this.usersById.get(id);
    if (user?.email !== email) return false;
    this.usersById.set(id, { ...user, emailVerified: true });
    return true;
  }

  async changeEmail(id: string, fromEmail: string, toEmail: string): Promise<ChangeEmailResult> {
    const user = this.usersById.get(id);
    if (user?.email !== fromEmail) return { ok: false, reason: "changed_meanwhile" };
    if (this.idsByEmail.has(toEmail)) return { ok: false, reason: "email_taken" };
    this.idsByEmail.delete(fromEmail);
    this.idsByEmail.set(toEmail, id);
    this.usersById.set(id, { ...user, email: toEmail, emailVerified: true });
    return { ok: true };
  }

  async delete(id: string): Promise<boolean> {
    const user = this.usersById.get(id);
    if (!user) return false;
    this.usersById.delete(id);
    this.idsByEmail.delete(user.email);
    return true;
  }
}

// Callers get copies, so nothing they change reaches the store behind its back.
function copy(user: User): User {
  return { ...user, createdAt: new Date(user.createdAt) };
}
