import type { NewSession, Session } from "./session.js";
import type { NewUser, User, UserProfile } from "./user.js";

/*
 * What the use cases need from the world, each named by its role. Adapters implement them;
 * every repository adapter passes the shared repository suite.
 * Expected outcomes are returned; a store that cannot be reached throws StoreUnavailableError.
 */

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: "email_taken" };

export interface UserRepository {
  /** Must be atomic on the email: of two concurrent creates with one email, exactly one wins. */
  create(user: NewUser): Promise<CreateUserResult>;
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}

export interface SessionWithUser {
  readonly session: Session;
  readonly user: UserProfile;
}

export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  /** The one read behind every authenticated request: the session and its owner, whatever its status. */
  findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null>;
  /**
   * Moves expiresAt forward (never back) and sets lastUsedAt, only while the session is valid.
   * Returns false when the session was expired meanwhile.
   */
  renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean>;
  /** Records use; never revives an expired session. */
  touch(id: string, lastUsedAt: Date): Promise<void>;
  /** Ends one session for good. Returns false when it was not valid. */
  expire(id: string): Promise<boolean>;
  /** A user's sessions that are valid at `now`: status valid and expiry in the future. */
  listValid(userId: string, now: Date): Promise<Session[]>;
  /** Ends a session only if it belongs to this user and is valid at `now`; false otherwise (missing, foreign, ended). */
  expireOwned(userId: string, id: string, now: Date): Promise<boolean>;
  /** Ends every session of a user valid at `now` but the one named; answers how many it ended. */
  expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number>;
}

/**
 * Failed logins kept in the store, so that every app instance sharing it sees the same counts.
 * Failures are only ever added and cleared, never updated in place: a count of them stays exact
 * however many arrive at once, on any store.
 */
export interface LoginAttemptLog {
  /** Records one failed login under a key (an account or a client address). */
  add(key: string, at: Date, expiresAt: Date): Promise<void>;
  /** When the failures under a key after a moment were made. */
  since(key: string, since: Date): Promise<Date[]>;
  /** Forgets every failure under a key. */
  clear(key: string): Promise<void>;
}

/**
 * One persistence adapter as a whole: the repositories it provides, and its life. What a
 * composition root opens, a test suite runs against, and the app closes at shutdown.
 */
export interface Store {
  /** Said at start-up, so nobody runs on the in-memory store by mistake. */
  readonly name: string;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: LoginAttemptLog;
  /** Whether the store answers now; /readyz reports it. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Whether a password is on the list of commonly used ones (compared after lower-casing). */
export type CommonPasswordCheck = (password: string) => boolean;

/** Issues opaque session tokens and the digest the store keeps instead of them. */
export interface TokenIssuer {
  issue(): string;
  /** The digest of a token, or null when the text cannot be a token this issuer made. */
  digest(token: string): string | null;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, passwordHash: string): Promise<boolean>;
  /** Whether a stored hash was made with other settings than the hasher's current ones. */
  needsRehash(passwordHash: string): boolean;
}

export type Clock = () => Date;
