import type { CreateUserResult, UserRepository } from "@tessera/domain/ports";
import { FIRST_CREDENTIAL_VERSION, type NewUser, type User } from "@tessera/domain/user";
import { newId } from "./ids.js";
import type { Row, SqliteDatabase } from "./sqlite-database.js";
import { isUniqueViolation } from "./unavailable.js";

const COLUMNS = "id, email, password_hash, credential_version, created_at";

/*
 * Every write that must win a race is one statement: SQLite runs it under the file's write lock,
 * so nothing another connection or process writes can land between its check and its change.
 */
export class SqliteUserRepository implements UserRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create({ email, passwordHash, createdAt }: NewUser): Promise<CreateUserResult> {
    const id = newId();
    try {
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
    return { ok: true, user: { id, email, passwordHash, credentialVersion: FIRST_CREDENTIAL_VERSION, createdAt: new Date(createdAt) } };
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
}

function toUser(row: Row): User {
  return {
    id: String(row["id"]),
    email: String(row["email"]),
    passwordHash: String(row["password_hash"]),
    credentialVersion: Number(row["credential_version"]),
    createdAt: new Date(Number(row["created_at"])),
  };
}
