import type { AttemptLog, HeldSlot } from "@tessera/domain/ports";
import type { Row, SqliteDatabase } from "./sqlite-database.js";

/**
 * Throttle slots as rows under a primary key (key, slot): the key gives each slot to one attempt
 * at a time, whatever the number of connections and processes on the file.
 */
export class SqliteAttemptLog implements AttemptLog {
  constructor(private readonly db: SqliteDatabase) {}

  async held(key: string, now: Date): Promise<HeldSlot[]> {
    const rows = this.db.all("SELECT slot, holder, at, expires_at FROM attempt_slots WHERE key = ? AND expires_at > ? ORDER BY slot", key, now.getTime());
    return rows.map(toSlot);
  }

  async take(key: string, { slot, holder, at, expiresAt }: HeldSlot): Promise<boolean> {
    // One statement under the write lock: a free slot is inserted; a held one is replaced only if
    // its holder's time is over (the WHERE of the upsert), so of many attempts exactly one wins.
    // The Mongo adapter needs an insert and a delete for this, since its servers may apply an
    // update non-atomically; SQLite applies the upsert whole.
    const changed = this.db.run(
      `INSERT INTO attempt_slots (key, slot, holder, at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key, slot) DO UPDATE SET holder = excluded.holder, at = excluded.at, expires_at = excluded.expires_at
       WHERE attempt_slots.expires_at <= excluded.at`,
      key,
      slot,
      holder,
      at.getTime(),
      expiresAt.getTime(),
    );
    return changed === 1;
  }

  async release(key: string, slot: number, holder: string): Promise<void> {
    this.db.run("DELETE FROM attempt_slots WHERE key = ? AND slot = ? AND holder = ?", key, slot, holder);
  }

  async clear(key: string): Promise<void> {
    this.db.run("DELETE FROM attempt_slots WHERE key = ?", key);
  }
}

function toSlot(row: Row): HeldSlot {
  return {
    slot: Number(row["slot"]),
    holder: String(row["holder"]),
    at: new Date(Number(row["at"])),
    expiresAt: new Date(Number(row["expires_at"])),
  };
}
