import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import Database from "libsql";
import { isUnavailable } from "./unavailable.js";

export type SqlValue = string | number | null;
/** A row as the driver answers it: read each column by name (libsql adds a `_metadata` field). */
export type Row = Readonly<Record<string, unknown>>;

export interface ConnectionOptions {
  /** How long a statement waits for another connection's write lock before it is an outage. */
  readonly busyTimeoutMs: number;
  /** Told the text of every statement run, before it runs: for tests and tracing. */
  readonly onStatement?: ((sql: string) => void) | undefined;
}

/**
 * One connection to one SQLite file, and the only place SQL is run: statements are prepared once
 * and kept, every run is reported to `onStatement`, and an error that means the file cannot be used
 * now becomes StoreUnavailableError. The driver is synchronous: a statement runs to its end before
 * the event loop moves on, so each one is atomic within this process, and SQLite's locks make it
 * atomic against other connections and processes.
 */
export class SqliteDatabase {
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;

  private constructor(
    /** The file's absolute path, named in every error about it. */
    readonly file: string,
    private readonly db: Database.Database,
    private readonly onStatement: ((sql: string) => void) | undefined,
  ) {}

  /**
   * Opens the file (and makes its directory), with a busy timeout, foreign keys on and the WAL
   * journal: readers never wait for the writer, so several processes can share the file.
   */
  static open(file: string, options: ConnectionOptions): SqliteDatabase {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreUnavailableError(`The SQLite file ${file} cannot be opened: its directory cannot be made (${messageOf(error)})`, { cause: error });
    }
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw new StoreUnavailableError(`The SQLite file ${file} cannot be opened: ${messageOf(error)}`, { cause: error });
    }
    const database = new SqliteDatabase(file, db, options.onStatement);
    try {
      // First, so that even switching the journal waits for a process that holds the file.
      database.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
      database.get("PRAGMA journal_mode = WAL");
      database.exec("PRAGMA foreign_keys = ON");
      // synchronous stays FULL (the default): a commit is on disk before the answer goes out, so a
      // logout or a password change survives a power cut, not only a crash of the process.
      return database;
    } catch (error) {
      database.close();
      if (error instanceof StoreUnavailableError) throw error;
      // Not a database at all, most likely: the message says which file.
      throw new Error(`The SQLite file ${file} cannot be used: ${messageOf(error)}`, { cause: error });
    }
  }

  /** The journal mode in force: "wal" for a file (":memory:" has its own). */
  journalMode(): string {
    return String(this.get("PRAGMA journal_mode")?.["journal_mode"] ?? "");
  }

  /** Runs a write; answers how many rows it changed. */
  run(sql: string, ...params: SqlValue[]): number {
    return this.guard(sql, () => this.statement(sql).run(...params).changes);
  }

  get(sql: string, ...params: SqlValue[]): Row | undefined {
    return this.guard(sql, () => this.statement(sql).get(...params) as Row | undefined);
  }

  all(sql: string, ...params: SqlValue[]): Row[] {
    return this.guard(sql, () => this.statement(sql).all(...params) as Row[]);
  }

  /** Runs SQL text as it is, several statements allowed (schema changes, transaction control). */
  exec(sql: string): void {
    this.guard(sql, () => this.db.exec(sql));
  }

  /**
   * Runs `work` in a transaction that takes the write lock at once (BEGIN IMMEDIATE): another
   * connection that wants it waits (the busy timeout) until this one commits or rolls back.
   */
  immediate<T>(work: () => T): T {
    this.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.exec("ROLLBACK");
      throw error;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The driver's statements keep the connection alive until they are collected: let them go.
    this.statements.clear();
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private guard<T>(sql: string, work: () => T): T {
    // The driver's prepared statements still run after close(): the store must not.
    if (this.closed) throw new StoreUnavailableError(`The SQLite store on ${this.file} is closed`);
    this.onStatement?.(sql);
    try {
      return work();
    } catch (error) {
      if (isUnavailable(error)) throw new StoreUnavailableError(`The SQLite file ${this.file} cannot be used now: ${messageOf(error)}`, { cause: error });
      throw error;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
