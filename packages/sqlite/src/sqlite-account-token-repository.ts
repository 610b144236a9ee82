import type { AccountToken, AccountTokenKind, AccountTokenRepository } from "@tessera/domain/ports";
import type { Row, SqliteDatabase } from "./sqlite-database.js";

const COLUMNS = "user_id, kind, email, new_email, credential_version, created_at, expires_at";

/**
 * Mail tokens by the digest of their token. UNIQUE (user_id, kind) keeps at most one token of a
 * kind per user; taking one is a delete, so it is spent by whoever deletes it first.
 */
export class SqliteAccountTokenRepository implements AccountTokenRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async issue(tokenDigest: string, token: AccountToken): Promise<void> {
    // The older token goes and the new one comes under one write lock: an issue on another
    // connection waits for the commit, then replaces this one in turn, so one token stands.
    this.db.immediate(() => {
      this.db.run("DELETE FROM account_tokens WHERE user_id = ? AND kind = ?", token.userId, token.kind);
      this.db.run(
        `INSERT INTO account_tokens (digest, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        tokenDigest,
        token.userId,
        token.kind,
        token.email,
        token.newEmail,
        token.credentialVersion,
        token.createdAt.getTime(),
        token.expiresAt.getTime(),
      );
    });
  }

  async take(tokenDigest: string, kinds: readonly AccountTokenKind[]): Promise<AccountToken | null> {
    // One statement finds and deletes: of concurrent takes, only the first to run gets a row back.
    // A token of another kind matches nothing and stays.
    const row = this.db.get(
      `DELETE FROM account_tokens WHERE digest = ? AND kind IN (${kinds.map(() => "?").join(", ")}) RETURNING ${COLUMNS}`,
      tokenDigest,
      ...kinds,
    );
    return row ? toToken(row) : null;
  }

  async forgetAllOf(userId: string, kind?: AccountTokenKind): Promise<void> {
    // `kind = kind` holds for every row: without a kind, all of them go.
    this.db.run("DELETE FROM account_tokens WHERE user_id = ? AND kind = COALESCE(?, kind)", userId, kind ?? null);
  }
}

function toToken(row: Row): AccountToken {
  const newEmail = row["new_email"];
  return {
    userId: String(row["user_id"]),
    kind: String(row["kind"]) as AccountTokenKind,
    email: String(row["email"]),
    newEmail: typeof newEmail === "string" ? newEmail : null,
    credentialVersion: Number(row["credential_version"]),
    createdAt: new Date(Number(row["created_at"])),
    expiresAt: new Date(Number(row["expires_at"])),
  };
}
