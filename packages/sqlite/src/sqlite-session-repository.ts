import type { SessionRepository, SessionWithUser } from "@tessera/domain/ports";
import type { NewSession, Session } from "@tessera/domain/session";
import { newId } from "./ids.js";
import type { Row, SqliteDatabase } from "./sqlite-database.js";

const COLUMNS = "id, user_id, credential_version, created_at, expires_at, last_used_at, user_agent";

/**
 * The read behind every authenticated request: one statement, the session found by the unique
 * index on its digest and its owner by primary key. No copy of the profile is kept in the session:
 * the join reads the user as it is now, so an email change or a verification shows at once.
 */
export const FIND_BY_TOKEN_DIGEST = `
  SELECT s.id, s.user_id, s.credential_version, s.created_at, s.expires_at, s.last_used_at, s.user_agent,
         u.email AS user_email, u.email_verified AS user_email_verified, u.created_at AS user_created_at
  FROM sessions AS s JOIN users AS u ON u.id = s.user_id
  WHERE s.token_digest = ?`;

/*
 * An ended session is deleted, never flagged: a renewal or a touch racing the end finds no row to
 * write to, so nothing can bring it back. Every write is one statement under the file's write lock.
 */
export class SqliteSessionRepository implements SessionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create({ tokenDigest, userId, credentialVersion, createdAt, expiresAt, lastUsedAt, userAgent }: NewSession): Promise<Session> {
    const id = newId();
    this.db.run(
      `INSERT INTO sessions (${COLUMNS}, token_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      userId,
      credentialVersion,
      createdAt.getTime(),
      expiresAt.getTime(),
      lastUsedAt.getTime(),
      userAgent,
      tokenDigest,
    );
    return {
      id,
      userId,
      credentialVersion,
      createdAt: new Date(createdAt),
      expiresAt: new Date(expiresAt),
      lastUsedAt: new Date(lastUsedAt),
      userAgent,
    };
  }

  async findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null> {
    const row = this.db.get(FIND_BY_TOKEN_DIGEST, tokenDigest);
    if (!row) return null;
    return {
      session: toSession(row),
      user: {
        id: String(row["user_id"]),
        email: String(row["user_email"]),
        emailVerified: Number(row["user_email_verified"]) === 1,
        createdAt: new Date(Number(row["user_created_at"])),
      },
    };
  }

  async renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean> {
    // MAX: of two renewals racing, the later expiry stands, whichever lands last.
    const changed = this.db.run(
      "UPDATE sessions SET expires_at = MAX(expires_at, ?), last_used_at = ? WHERE id = ?",
      expiresAt.getTime(),
      lastUsedAt.getTime(),
      id,
    );
    return changed === 1;
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    this.db.run("UPDATE sessions SET last_used_at = ? WHERE id = ?", lastUsedAt.getTime(), id);
  }

  async expire(id: string): Promise<boolean> {
    return this.db.run("DELETE FROM sessions WHERE id = ?", id) === 1;
  }

  async listValid(userId: string, now: Date): Promise<Session[]> {
    const rows = this.db.all(`SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, rowid`, userId, now.getTime());
    return rows.map(toSession);
  }

  async expireOwned(userId: string, id: string, now: Date): Promise<boolean> {
    // The owner is part of the condition: another user's session id matches nothing, like a missing one.
    return this.db.run("DELETE FROM sessions WHERE id = ? AND user_id = ? AND expires_at > ?", id, userId, now.getTime()) === 1;
  }

  async expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number> {
    // `IS NOT NULL` holds for every row: without an exception, all of them go.
    return this.db.run("DELETE FROM sessions WHERE user_id = ? AND expires_at > ? AND id IS NOT ?", userId, now.getTime(), exceptId ?? null);
  }

  async deleteAllOf(userId: string): Promise<void> {
    this.db.run("DELETE FROM sessions WHERE user_id = ?", userId);
  }
}

function toSession(row: Row): Session {
  const userAgent = row["user_agent"];
  return {
    id: String(row["id"]),
    userId: String(row["user_id"]),
    credentialVersion: Number(row["credential_version"]),
    createdAt: new Date(Number(row["created_at"])),
    expiresAt: new Date(Number(row["expires_at"])),
    lastUsedAt: new Date(Number(row["last_used_at"])),
    userAgent: typeof userAgent === "string" ? userAgent : null,
  };
}
