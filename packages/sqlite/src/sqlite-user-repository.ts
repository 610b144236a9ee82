import type { ChangeEmailResult, CreateUserResult, UserRepository } from "@tessera/domain/ports";
import { FIRST_CREDENTIAL_VERSION, type NewUser, type User } from "@tessera/domain/user";
import { newId } from "./ids.js";
import type { Row, SqliteDatabase } from "./sqlite-database.js";
import { isUniqueViolation } from "./unavailable.js";

const COLUMNS = "id, email, email_verified, password_hash, credential_version, created_at";

/*
 * Every write that must win a race is one statement: SQLite runs it under the file's write lock,
 * so nothing another connection or process writes can land between its check and its change.
 */
export class SqliteUserRepository implements UserRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create({ email, passwordHash, createdAt }: NewUser): Promise<CreateUserResult> {
    const id = newId();
    try {
      // email_verified takes its default: a new account has proved nothing yet.
      this.db.run(
        "INSERT INTO users (id, email, password_hash, credential_version, created_at) VALUES (?, ?, ?, ?, ?)",
        id,
        email,
        passwordHash,
        FIRST_CREDENTIAL_VERSION,
        createdAt.getTime(),
      );
    } catch (error) {
      // The UNIQUE constraint on email is what decides a race between two registrations.
      if (isUniqueViolation(error)) return { ok: false, reason: "email_taken" };
      throw error;
    }
    return {
      ok: true,
      user: { id, email, emailVerified: false, passwordHash, credentialVersion: FIRST_CREDENTIAL_VERSION, createdAt: new Date(createdAt) },
    };
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = this.db.get(`SELECT ${COLUMNS} FROM users WHERE email = ?`, email);
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = this.db.get(`SELECT ${COLUMNS} FROM users WHERE id = ?`, id);
    return row ? toUser(row) : null;
  }

  async changePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    // Compare-and-set: of concurrent changes from one hash, the first to run matches, the rest find it gone.
    const changed = this.db.run(
      "UPDATE users SET password_hash = ?, credential_version = credential_version + 1 WHERE id = ? AND password_hash = ?",
      passwordHash,
      id,
      expectedHash,
    );
    return changed === 1;
  }

  async upgradePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
    const changed = this.db.run("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", passwordHash, id, expectedHash);
    return changed === 1;
  }

  async markEmailVerified(id: string, email: string): Promise<boolean> {
    // Compare-and-set on the address; SQLite counts a matched row as changed even when it was
    // verified already, so verifying twice answers true.
    return this.db.run("UPDATE users SET email_verified = 1 WHERE id = ? AND email = ?", id, email) === 1;
  }

  async changeEmail(id: string, fromEmail: string, toEmail: string): Promise<ChangeEmailResult> {
    let changed: number;
    try {
      changed = this.db.run("UPDATE users SET email = ?, email_verified = 1 WHERE id = ? AND email = ?", toEmail, id, fromEmail);
    } catch (error) {
      // The UNIQUE constraint on email decides a race for the address, with a move or a registration.
      if (isUniqueViolation(error)) return { ok: false, reason: "email_taken" };
      throw error;
    }
    return changed === 1 ? { ok: true } : { ok: false, reason: "changed_meanwhile" };
  }

  async delete(id: string): Promise<boolean> {
    // The password lives in the row itself; its sessions and devices go with it (ON DELETE CASCADE).
    return this.db.run("DELETE FROM users WHERE id = ?", id) === 1;
  }
}

function toUser(row: Row): User {
  return {
    id: String(row["id"]),
    email: String(row["email"]),
    emailVerified: Number(row["email_verified"]) === 1,
    passwordHash: String(row["password_hash"]),
    credentialVersion: Number(row["credential_version"]),
    createdAt: new Date(Number(row["created_at"])),
  };
}
