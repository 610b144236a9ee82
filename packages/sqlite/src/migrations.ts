import type { SqliteDatabase } from "./sqlite-database.js";

/** One step of the schema. Its version is its place in the list, from 1; `PRAGMA user_version` holds the last one applied. */
export interface Migration {
  readonly description: string;
  /** SQL text, several statements allowed; run inside the migration's transaction. */
  readonly sql: string;
}

/**
 * The schema, step by step. Append only: a step once released is never edited, since files out
 * there already went through it; a change is a new step. Times are integers, milliseconds since the
 * epoch, so that comparisons in SQL are numeric.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: "the initial schema: users, sessions, throttle slots, trusted devices",
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        -- Normalised (trimmed, lower-cased) by the domain. UNIQUE decides a race between two registrations.
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        -- Moves on at a password change, stays at a re-hash of the same password.
        credential_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        -- SHA-256 of the token; the token itself is never stored.
        token_digest TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL,
        user_agent TEXT
      );
      CREATE INDEX sessions_user_id ON sessions (user_id);
      CREATE INDEX sessions_expires_at ON sessions (expires_at);

      -- One attempt holding one slot of a throttle key: the primary key gives a slot to one holder at a time.
      CREATE TABLE attempt_slots (
        key TEXT NOT NULL,
        slot INTEGER NOT NULL,
        holder TEXT NOT NULL,
        at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (key, slot)
      );
      CREATE INDEX attempt_slots_expires_at ON attempt_slots (expires_at);

      CREATE TABLE devices (
        -- SHA-256 of the device token.
        token_digest TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX devices_user_id_created_at ON devices (user_id, created_at);
      CREATE INDEX devices_expires_at ON devices (expires_at);
    `,
  },
  {
    description: "account recovery: verified addresses, mail tokens, the outbox",
    sql: `
      -- Accounts made before this step read as unverified, as new ones start.
      ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;

      -- No foreign key on user_id: like the other stores, a token is forgotten by the use case that
      -- deletes its account, and issuing one for an account deleted meanwhile is no error.
      CREATE TABLE account_tokens (
        -- SHA-256 of the token mailed; the token itself is never stored.
        digest TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        email TEXT NOT NULL,
        new_email TEXT,
        credential_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        -- At most one token of each kind per user, whatever the number of concurrent issues.
        UNIQUE (user_id, kind)
      );
      CREATE INDEX account_tokens_expires_at ON account_tokens (expires_at);

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        -- The MailIntent and the kept MailMessage, as JSON text.
        intent TEXT NOT NULL,
        -- The account the entry is about: from the intent, or from the letter once sent.
        user_id TEXT,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        message TEXT,
        -- When a settled entry may be swept; null while pending.
        purge_after INTEGER
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_purge_after ON outbox (purge_after);
      CREATE INDEX outbox_user_id ON outbox (user_id);
    `,
  },
];

/** The file was made by a newer Tessera: this one does not know its schema and must not write to it. */
export class SchemaTooNewError extends Error {
  override readonly name = "SchemaTooNewError";
}

export interface MigrationReport {
  /** The file's version before, and after. */
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the file's schema to the last version of `migrations`, at start-up. The whole check and
 * every step run in one BEGIN IMMEDIATE transaction: of two processes opening one file at once,
 * the second waits for the first to commit, then finds nothing left to do. A step that fails rolls
 * back with the rest (SQLite's DDL is transactional): the file stays at its old version.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  return db.immediate(() => {
    const from = schemaVersion(db);
    if (from > migrations.length) {
      throw new SchemaTooNewError(
        `The SQLite file ${db.file} is at schema version ${from}, newer than version ${migrations.length}, the newest this ` +
          `Tessera knows: it was written by a newer Tessera. Upgrade Tessera to that version or later, or use another file.`,
      );
    }
    for (const [index, migration] of migrations.entries()) {
      if (index < from) continue;
      db.exec(migration.sql);
      // A PRAGMA takes no parameters: the version is a whole number of ours.
      db.exec(`PRAGMA user_version = ${index + 1}`);
    }
    return { from, to: Math.max(from, migrations.length) };
  });
}

export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.get("PRAGMA user_version")?.["user_version"] ?? 0);
}
