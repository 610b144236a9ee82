import type { AccountToken, AccountTokenKind, AccountTokenRepository } from "@tessera/domain/ports";

const SWEEP_INTERVAL_MS = 60_000;

export class MemoryAccountTokenRepository implements AccountTokenRepository {
  private readonly byDigest = new Map<string, AccountToken>();
  private lastSweep = 0;

  async issue(tokenDigest: string, token: AccountToken): Promise<void> {
    this.sweep(token.createdAt);
    for (const [digest, held] of [...this.byDigest]) {
      if (held.userId === token.userId && held.kind === token.kind) this.byDigest.delete(digest);
    }
    this.byDigest.set(tokenDigest, copy(token));
  }

  async take(tokenDigest: string, kinds: readonly AccountTokenKind[]): Promise<AccountToken | null> {
    const token = this.byDigest.get(tokenDigest);
    if (!token || !kinds.includes(token.kind)) return null;
    this.byDigest.delete(tokenDigest);
    return copy(token);
  }

  async forgetAllOf(userId: string, kind?: AccountTokenKind): Promise<void> {
    for (const [digest, token] of [...this.byDigest]) {
      if (token.userId === userId && (kind === undefined || token.kind === kind)) this.byDigest.delete(digest);
    }
  }

  /** What a TTL index does for MongoDB: expired tokens are dropped, so memory stays bounded. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const [digest, token] of [...this.byDigest]) if (token.expiresAt.getTime() <= now.getTime()) this.byDigest.delete(digest);
  }
}

function copy(token: AccountToken): AccountToken {
  return { ...token, createdAt: new Date(token.createdAt), expiresAt: new Date(token.expiresAt) };
}
