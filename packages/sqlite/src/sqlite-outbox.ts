import { intentUserId, type MailIntent, type MailMessage, type OutboxEntry, type OutboxStatus, type Settlement } from "@tessera/domain/mail";
import type { Outbox } from "@tessera/domain/ports";
import { newId } from "./ids.js";
import type { Row, SqliteDatabase } from "./sqlite-database.js";

/** How long a settled entry stays for the record before the sweeper deletes it. */
const SETTLED_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

const COLUMNS = "id, intent, user_id, created_at, status, attempts, next_attempt_at, last_error, message";

/**
 * The transactional outbox as rows: the intent and the kept message are JSON text, written and read
 * back whole, never edited in SQL. Every write is one statement.
 */
export class SqliteOutbox implements Outbox {
  constructor(private readonly db: SqliteDatabase) {}

  async add(intent: MailIntent, at: Date): Promise<void> {
    this.db.run(
      `INSERT INTO outbox (${COLUMNS}) VALUES (?, ?, ?, ?, 'pending', 0, ?, NULL, NULL)`,
      newId(),
      JSON.stringify(intent),
      intentUserId(intent),
      at.getTime(),
      at.getTime(),
    );
  }

  async get(id: string): Promise<OutboxEntry | null> {
    const row = this.db.get(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`, id);
    return row ? toEntry(row) : null;
  }

  async due(now: Date, limit: number): Promise<OutboxEntry[]> {
    // The index on (status, next_attempt_at) finds them; rowid orders entries added in one millisecond.
    const rows = this.db.all(
      `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, rowid LIMIT ?`,
      now.getTime(),
      limit,
    );
    return rows.map(toEntry);
  }

  async settle(id: string, settlement: Settlement): Promise<void> {
    const pending = settlement.status === "pending";
    const sent = settlement.status === "sent";
    // What a settlement does not name stays as it was (COALESCE, CASE); only a sending sets the message.
    this.db.run(
      `UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = COALESCE(?, last_error),
         message = CASE WHEN ? THEN ? ELSE message END, user_id = COALESCE(?, user_id), purge_after = ?
       WHERE id = ?`,
      settlement.status,
      settlement.attempts,
      pending ? settlement.nextAttemptAt.getTime() : null,
      "lastError" in settlement ? settlement.lastError : null,
      sent ? 1 : 0,
      sent && settlement.message ? JSON.stringify(settlement.message) : null,
      sent ? settlement.userId : null,
      // The wall clock, not the courier's: this only bounds the file, as a sweep does.
      pending ? null : Date.now() + SETTLED_KEPT_MS,
      id,
    );
  }

  async kept(limit: number): Promise<OutboxEntry[]> {
    const rows = this.db.all(`SELECT ${COLUMNS} FROM outbox WHERE message IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT ?`, limit);
    return rows.map(toEntry);
  }

  async forgetAllOf(userId: string, email: string): Promise<void> {
    // The fields `mentions` reads in the intent, and the kept message's address. A scan of the
    // table, which holds only recent mail: an account is deleted rarely.
    this.db.run(
      `DELETE FROM outbox
       WHERE user_id = ?
          OR ? IN (json_extract(intent, '$.email'), json_extract(intent, '$.to'), json_extract(intent, '$.newEmail'), json_extract(message, '$.to'))`,
      userId,
      email,
    );
  }
}

function toEntry(row: Row): OutboxEntry {
  const lastError = row["last_error"];
  const message = row["message"];
  return {
    id: String(row["id"]),
    intent: JSON.parse(String(row["intent"])) as MailIntent,
    userId: typeof row["user_id"] === "string" ? row["user_id"] : null,
    createdAt: new Date(Number(row["created_at"])),
    status: String(row["status"]) as OutboxStatus,
    attempts: Number(row["attempts"]),
    nextAttemptAt: new Date(Number(row["next_attempt_at"])),
    lastError: typeof lastError === "string" ? lastError : null,
    message: typeof message === "string" ? (JSON.parse(message) as MailMessage) : null,
  };
}
