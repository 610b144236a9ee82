import type { SessionRepository, SessionWithUser } from "@tessera/domain/ports";
import { isSessionValid, type NewSession, type Session } from "@tessera/domain/session";
import { toProfile, type User } from "@tessera/domain/user";
import { newId } from "./ids.js";

const SWEEP_INTERVAL_MS = 60_000;

export class MemorySessionRepository implements SessionRepository {
  private readonly idsByDigest = new Map<string, string>();
  private lastSweep = 0;

  constructor(
    private readonly sessionsById: Map<string, Session>,
    private readonly usersById: ReadonlyMap<string, User>,
  ) {}

  async create({ tokenDigest, user, ...fields }: NewSession): Promise<Session> {
    if (this.idsByDigest.has(tokenDigest)) throw new Error("Duplicate session token digest");
    this.sweep(fields.createdAt);
    const session: Session = copy({ ...fields, id: newId(), userId: user.id, status: "valid" });
    this.sessionsById.set(session.id, session);
    this.idsByDigest.set(tokenDigest, session.id);
    return copy(session);
  }

  async findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null> {
    const id = this.idsByDigest.get(tokenDigest);
    const session = id === undefined ? undefined : this.sessionsById.get(id);
    const user = session && this.usersById.get(session.userId);
    return session && user ? { session: copy(session), user: toProfile(copyUser(user)) } : null;
  }

  async renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean> {
    const session = this.sessionsById.get(id);
    if (session?.status !== "valid") return false;
    const later = Math.max(session.expiresAt.getTime(), expiresAt.getTime());
    this.sessionsById.set(id, { ...session, expiresAt: new Date(later), lastUsedAt: new Date(lastUsedAt) });
    return true;
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    const session = this.sessionsById.get(id);
    if (session?.status === "valid") this.sessionsById.set(id, { ...session, lastUsedAt: new Date(lastUsedAt) });
  }

  async expire(id: string): Promise<boolean> {
    const session = this.sessionsById.get(id);
    if (session?.status !== "valid") return false;
    this.sessionsById.set(id, { ...session, status: "expired" });
    return true;
  }

  async listValid(userId: string, now: Date): Promise<Session[]> {
    return [...this.sessionsById.values()].filter((s) => s.userId === userId && isSessionValid(s, now)).map(copy);
  }

  async expireOwned(userId: string, id: string, now: Date): Promise<boolean> {
    const session = this.sessionsById.get(id);
    return session?.userId === userId && isSessionValid(session, now) ? this.expire(id) : false;
  }

  async expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number> {
    let ended = 0;
    for (const session of this.sessionsById.values()) {
      if (session.userId !== userId || session.id === exceptId || !isSessionValid(session, now)) continue;
      this.sessionsById.set(session.id, { ...session, status: "expired" });
      ended++;
    }
    return ended;
  }

  /** What a TTL index does for MongoDB: sessions past their expiry are dropped, so memory stays bounded. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const [digest, id] of this.idsByDigest) {
      const session = this.sessionsById.get(id);
      if (session && session.expiresAt.getTime() <= now.getTime()) {
        this.sessionsById.delete(id);
        this.idsByDigest.delete(digest);
      }
    }
  }
}

function copy(session: Session): Session {
  return {
    ...session,
    createdAt: new Date(session.createdAt),
    expiresAt: new Date(session.expiresAt),
    lastUsedAt: new Date(session.lastUsedAt),
  };
}

function copyUser(user: User): User {
  return { ...user, createdAt: new Date(user.createdAt) };
}
