import type { Device, DeviceRepository } from "@tessera/domain/ports";
import type { SqliteDatabase } from "./sqlite-database.js";

/** Trusted devices by the digest of their token; the token itself is never stored. */
export class SqliteDeviceRepository implements DeviceRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create(tokenDigest: string, { userId, createdAt, expiresAt }: Device): Promise<void> {
    this.db.run(
      "INSERT INTO devices (token_digest, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      tokenDigest,
      userId,
      createdAt.getTime(),
      expiresAt.getTime(),
    );
  }

  async find(tokenDigest: string): Promise<Device | null> {
    const row = this.db.get("SELECT user_id, created_at, expires_at FROM devices WHERE token_digest = ?", tokenDigest);
    if (!row) return null;
    return { userId: String(row["user_id"]), createdAt: new Date(Number(row["created_at"])), expiresAt: new Date(Number(row["expires_at"])) };
  }

  async digestsOf(userId: string): Promise<string[]> {
    return this.db.all("SELECT token_digest FROM devices WHERE user_id = ?", userId).map((row) => String(row["token_digest"]));
  }

  async forgetAllOf(userId: string, exceptDigest?: string): Promise<void> {
    // `IS NOT NULL` holds for every row: without an exception, all of them go.
    this.db.run("DELETE FROM devices WHERE user_id = ? AND token_digest IS NOT ?", userId, exceptDigest ?? null);
  }

  async prune(userId: string, keep: number): Promise<void> {
    this.db.run(
      `DELETE FROM devices WHERE user_id = ? AND token_digest NOT IN (
         SELECT token_digest FROM devices WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?
       )`,
      userId,
      userId,
      keep,
    );
  }
}
