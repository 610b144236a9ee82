import { resolve } from "node:path";
import type { Store } from "@tessera/domain/ports";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { startExpiredRowSweeper, sweepExpiredRows, SWEEP_INTERVAL_MS } from "./expired-row-sweeper.js";
import { migrate, MIGRATIONS, type Migration, type MigrationReport } from "./migrations.js";
import { SqliteAccountTokenRepository } from "./sqlite-account-token-repository.js";
import { SqliteAttemptLog } from "./sqlite-attempt-log.js";
import { SqliteDatabase } from "./sqlite-database.js";
import { SqliteDeviceRepository } from "./sqlite-device-repository.js";
import { SqliteOutbox } from "./sqlite-outbox.js";
import { SqliteSessionRepository } from "./sqlite-session-repository.js";
import { SqliteUserRepository } from "./sqlite-user-repository.js";

/**
 * How long a statement waits for another process's write lock before the store reports itself
 * unavailable: 1500 ms, so that a request answers (503) within 2 s while the file is held.
 */
export const BUSY_TIMEOUT_MS = 1500;

export interface SqliteStoreOptions {
  /** The database file; a relative path is taken from the process's working directory. Its directory is made if missing. */
  readonly path: string;
  readonly busyTimeoutMs?: number | undefined;
  /** Told about problems the store handles itself (a failed clean-up sweep). */
  readonly onWarning?: ((message: string, error: unknown) => void) | undefined;
  /** Told the text of every statement run: for tests and tracing. */
  readonly onStatement?: ((sql: string) => void) | undefined;
  /** The schema's steps; the store's own by default. For tests of migrating. */
  readonly migrations?: readonly Migration[] | undefined;
  /** How often expired rows are deleted; every 10 minutes by default. */
  readonly sweepIntervalMs?: number | undefined;
}

export interface SqliteStore extends Store {
  /** The file's absolute path. */
  readonly path: string;
  /** The file's schema version when it was opened, and now: for the start-up log. */
  readonly migration: MigrationReport;
}

/**
 * Opens the file, brings its schema up to date and sweeps expired rows, before anything is served.
 * Throws StoreUnavailableError when the file cannot be opened or stays locked, and SchemaTooNewError
 * when a newer Tessera wrote it.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const path = resolve(options.path);
  const warn = options.onWarning ?? (() => {});
  const db = SqliteDatabase.open(path, { busyTimeoutMs: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS, onStatement: options.onStatement });
  let migration: MigrationReport;
  try {
    migration = migrate(db, options.migrations ?? MIGRATIONS);
    if (db.journalMode() !== "wal") warn(`the SQLite file ${path} is not in WAL mode: other processes will wait on each read`, null);
  } catch (error) {
    db.close();
    throw error;
  }
  const sweep = () => {
    try {
      sweepExpiredRows(db);
    } catch (error) {
      warn("expired-row sweep failed", error);
    }
  };
  sweep();
  const sweeper = startExpiredRowSweeper(sweep, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);

  return {
    name: "sqlite",
    path,
    migration,
    users: new SqliteUserRepository(db),
    sessions: new SqliteSessionRepository(db),
    attempts: new SqliteAttemptLog(db),
    devices: new SqliteDeviceRepository(db),
    accountTokens: new SqliteAccountTokenRepository(db),
    outbox: new SqliteOutbox(db),
    ping: async () => {
      try {
        // Reads the first page of the file: fails once the file cannot be used, or the store is closed.
        db.get("SELECT 1 FROM sqlite_schema LIMIT 1");
        return true;
      } catch (error) {
        if (error instanceof StoreUnavailableError) return false;
        throw error;
      }
    },
    close: async () => {
      sweeper.stop();
      if (!db.isOpen) return;
      try {
        // Copies the write-ahead log into the file: once the last process has closed, the file
        // alone holds everything (a backup may copy just it).
        db.get("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (error) {
        warn("checkpoint at close failed", error);
      }
      db.close();
    },
  };
}
