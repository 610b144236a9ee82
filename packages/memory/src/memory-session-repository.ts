import type { SessionRepository, SessionWithUser } from "@tessera/domain/ports";
import { isSessionValid, type NewSession, type Session } from "@tessera/domain/session";
import { toProfile, type User } from "@tessera/domain/user";
import { newId } from "./ids.js";

const SWEEP_INTERVAL_MS = 60_000;

interface StoredSession extends Session {
  readonly tokenDigest: string;
}

export class MemorySessionRepository implements SessionRepository {
  private readonly sessionsById = new Map<string, StoredSession>();
  private readonly idsByDigest = new Map<string, string>();
  private lastSweep = 0;

  constructor(private readonly usersById: ReadonlyMap<string, User>) {}

  async create({ tokenDigest, ...fields }: NewSession): Promise<Session> {
    if (this.idsByDigest.has(tokenDigest)) throw new Error("Duplicate session token digest");
    this.sweep(fields.createdAt);
    const session: StoredSession = { ...copy({ ...fields, id: newId() }), tokenDigest };
    this.sessionsById.set(session.id, session);
    this.idsByDigest.set(tokenDigest, session.id);
    return copy(session);
  }

  async findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null> {
    const id = this.idsByDigest.get(tokenDigest);
    const session = id === undefined ? undefined : this.sessionsById.get(id);
    const user = session && this.usersById.get(session.userId);
    return session && user ? { session: copy(session), user: toProfile({ ...user, createdAt: new Date(user.createdAt) }) } : null;
  }

  async renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean> {
    const session = this.sessionsById.get(id);
    if (!session) return false;
    const later = Math.max(session.expiresAt.getTime(), expiresAt.getTime());
    this.sessionsById.set(id, { ...session, expiresAt: new Date(later), lastUsedAt: new Date(lastUsedAt) });
    return true;
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    const session = this.sessionsById.get(id);
    if (session) this.sessionsById.set(id, { ...session, lastUsedAt: new Date(lastUsedAt) });
  }

  async expire(id: string): Promise<boolean> {
    const session = this.sessionsById.get(id);
    if (!session) return false;
    this.remove(session);
    return true;
  }

  async listValid(userId: string, now: Date): Promise<Session[]> {
    return [...this.sessionsById.values()].filter((s) => s.userId === userId && isSessionValid(s, now)).map(copy);
  }

  async expireOwned(userId: string, id: string, now: Date): Promise<boolean> {
    const session = this.sessionsById.get(id);
    if (session?.userId !== userId || !isSessionValid(session, now)) return false;
    this.remove(session);
    return true;
  }

  async expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number> {
    let ended = 0;
    for (const session of [...this.sessionsById.values()]) {
      if (session.userId !== userId || session.id === exceptId || !isSessionValid(session, now)) continue;
      this.remove(session);
      ended++;
    }
    return ended;
  }

  async deleteAllOf(userId: string): Promise<void> {
    for (const session of [...this.sessionsById.values()]) if (session.userId === userId) this.remove(session);
  }

  private remove(session: StoredSession): void {
    this.sessionsById.delete(session.id);
    this.idsByDigest.delete(session.tokenDigest);
  }

  /** What a TTL index does for MongoDB: sessions past their expiry are dropped, so memory stays bounded. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const session of [...this.sessionsById.values()]) {
      if (session.expiresAt.getTime() <= now.getTime()) this.remove(session);
    }
  }
}

/** A copy without the digest: what callers see never carries it, and never aliases what is stored. */
function copy({ id, userId, createdAt, expiresAt, lastUsedAt, userAgent, credentialVersion }: Session): Session {
  return {
    id,
    userId,
    createdAt: new Date(createdAt),
    expiresAt: new Date(expiresAt),
    lastUsedAt: new Date(lastUsedAt),
    userAgent,
    credentialVersion,
  };
}
