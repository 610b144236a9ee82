import type { MailIntent, OutboxEntry, Settlement } from "./mail.js";
import type { NewSession, Session } from "./session.js";
import type { NewUser, User, UserProfile } from "./user.js";

/*
 * What the use cases need from the world, each named by its role. Adapters implement them;
 * every repository adapter passes the shared repository suite.
 * Expected outcomes are returned; a store that cannot be reached throws StoreUnavailableError.
 *
 * Every write that must win a race is a compare-and-set, an insert under a unique key, or a delete:
 * never a read-modify-write of a document, which some Mongo-wire servers apply non-atomically.
 */

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: "email_taken" };

export type ChangeEmailResult =
  | { ok: true }
  /** Another account has the new address. */
  | { ok: false; reason: "email_taken" }
  /** The account's address is no longer the one expected (or the account is gone). */
  | { ok: false; reason: "changed_meanwhile" };

export interface UserRepository {
  /** Must be atomic on the email: of two concurrent creates with one email, exactly one wins. */
  create(user: NewUser): Promise<CreateUserResult>;
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  /**
   * A new password: stored only if the hash is still `expectedHash` (compare-and-set), and the
   * credential version moves on by one. False when another write got there first: of concurrent
   * changes from one hash, exactly one wins.
   */
  changePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean>;
  /**
   * The same password hashed again (a stronger cost): stored only if the hash is still
   * `expectedHash`; the credential version stays. False when another write got there first.
   */
  upgradePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean>;
  /**
   * Marks the address verified, only while it is still `email` (compare-and-set: a link sent to an
   * address the account has since left proves nothing). False when it is not, or no such user.
   */
  markEmailVerified(id: string, email: string): Promise<boolean>;
  /**
   * Moves the account to a new address, only while its address is still `fromEmail`; the new one is
   * verified (it was confirmed from there). Atomic on the email like create: of two accounts moving
   * to one address, or a registration racing a move, exactly one gets it.
   */
  changeEmail(id: string, fromEmail: string, toEmail: string): Promise<ChangeEmailResult>;
  /** Removes the account and every password it had, for good; false when there was none. */
  delete(id: string): Promise<boolean>;
}

export interface SessionWithUser {
  readonly session: Session;
  readonly user: UserProfile;
}

export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  /**
   * The one read behind every authenticated request: the session and its owner as the account is
   * now (an email change or a verification shows at once in every session). Null when either is gone.
   */
  findByTokenDigest(tokenDigest: string): Promise<SessionWithUser | null>;
  /**
   * Moves expiresAt forward (never back) and sets lastUsedAt, only while the session exists.
   * Returns false when it was ended meanwhile; an ended session is never brought back.
   */
  renew(id: string, expiresAt: Date, lastUsedAt: Date): Promise<boolean>;
  /** Records use; never brings an ended session back. */
  touch(id: string, lastUsedAt: Date): Promise<void>;
  /**
   * Ends one session for good by removing it: a concurrent renewal or touch finds nothing to
   * write to. Returns false when there was no such session.
   */
  expire(id: string): Promise<boolean>;
  /** A user's sessions that are valid at `now`. */
  listValid(userId: string, now: Date): Promise<Session[]>;
  /** Ends a session only if it belongs to this user and is valid at `now`; false otherwise (missing, foreign, ended). */
  expireOwned(userId: string, id: string, now: Date): Promise<boolean>;
  /** Ends every session of a user valid at `now` but the one named; answers how many it ended. */
  expireAllOf(userId: string, now: Date, exceptId?: string): Promise<number>;
  /** Removes every session of a user, valid or not (the account is deleted). */
  deleteAllOf(userId: string): Promise<void>;
}

/** One attempt holding one of the slots of a throttle key. */
export interface HeldSlot {
  readonly slot: number;
  /** Who holds it: names the attempt, so that only it gives the slot back. */
  readonly holder: string;
  readonly at: Date;
  readonly expiresAt: Date;
}

/**
 * Throttle slots kept in the store, so that every app instance sharing it sees the same counts. A
 * key (an account, a client address, a device) has as many slots as its limit allows attempts in
 * a window; an attempt takes a free slot before it runs. A slot is only ever taken (an insert under
 * a unique key), given back or cleared (deletes): never updated in place, so the count holds
 * however many attempts arrive at once, on any store.
 */
export interface AttemptLog {
  /** The slots of a key held at `now` (expired ones left out). */
  held(key: string, now: Date): Promise<HeldSlot[]>;
  /**
   * Takes one slot, atomically: false when another attempt holds it and has not expired. An
   * expired holder is replaced.
   */
  take(key: string, slot: HeldSlot): Promise<boolean>;
  /** Gives a slot back, if this holder still holds it: the attempt does not count. */
  release(key: string, slot: number, holder: string): Promise<void>;
  /** Frees every slot of a key. */
  clear(key: string): Promise<void>;
}

export interface Device {
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/**
 * Devices (browsers, clients) that have signed in to an account: they may keep trying it past the
 * lockouts that stop everyone else. Only the digest of a device token is stored.
 */
export interface DeviceRepository {
  create(tokenDigest: string, device: Device): Promise<void>;
  find(tokenDigest: string): Promise<Device | null>;
  /** The digests of a user's devices (their throttle counts go with the account). */
  digestsOf(userId: string): Promise<string[]>;
  /** Forgets every device of a user but the one named (a new password: whoever knew the old one is out). */
  forgetAllOf(userId: string, exceptDigest?: string): Promise<void>;
  /** Keeps only the user's `keep` newest devices. */
  prune(userId: string, keep: number): Promise<void>;
}

export type AccountTokenKind = "reset" | "verify" | "email_change";

/** A token sent by mail, as the store keeps it (under its digest): whose, what for, until when. */
export interface AccountToken {
  readonly userId: string;
  readonly kind: AccountTokenKind;
  /** The address it was sent for: the account's then (reset, verify), or the old one (email change). */
  readonly email: string;
  /** For an email change: the address to change to. */
  readonly newEmail: string | null;
  /** The account's credential version when it was made: a reset made before a password change is void. */
  readonly credentialVersion: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/**
 * Tokens sent by mail (password reset, email verification, email change). Only digests are stored,
 * and a user has at most one token of each kind: issuing a new one voids the older.
 */
export interface AccountTokenRepository {
  /**
   * Keeps a new token; any older one of the same kind for the same user is gone from now on. Of
   * concurrent issues for one user and kind, one token stands afterwards.
   */
  issue(tokenDigest: string, token: AccountToken): Promise<void>;
  /**
   * Takes a token of one of `kinds` for good, expired or not (the caller checks expiry): of
   * concurrent takes exactly one gets it. Null for an unknown or taken token, and for one of
   * another kind, which stays (a verification link sent to the reset form is not spent).
   */
  take(tokenDigest: string, kinds: readonly AccountTokenKind[]): Promise<AccountToken | null>;
  /** Forgets every token of a user, or only those of one kind. */
  forgetAllOf(userId: string, kind?: AccountTokenKind): Promise<void>;
}

/**
 * What is to be mailed, kept in the store with the rest of a request's writes (the transactional
 * outbox): the courier delivers it later, so a restart or a mail-server outage loses nothing.
 */
export interface Outbox {
  /** A new pending entry, due at once. */
  add(intent: MailIntent, at: Date): Promise<void>;
  get(id: string): Promise<OutboxEntry | null>;
  /** Pending entries due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<OutboxEntry[]>;
  /** Records how an attempt ended: only the courier holding the entry's claim calls it. */
  settle(id: string, settlement: Settlement): Promise<void>;
  /** The entries whose message was kept (the development outbox), newest first. */
  kept(limit: number): Promise<OutboxEntry[]>;
  /**
   * Removes every entry that names the user (by id) or the address, in its intent or its kept
   * message: an account deleted leaves no mail of it behind.
   */
  forgetAllOf(userId: string, email: string): Promise<void>;
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
  readonly attempts: AttemptLog;
  readonly devices: DeviceRepository;
  readonly accountTokens: AccountTokenRepository;
  readonly outbox: Outbox;
  /** Whether the store answers now; /readyz reports it. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Whether a password is on the list of commonly used ones (compared after lower-casing). */
export type CommonPasswordCheck = (password: string) => boolean;

/** Issues opaque tokens (sessions, devices) and the digest the store keeps instead of them. */
export interface TokenIssuer {
  issue(): string;
  /** The digest of a token, or null when the text cannot be a token this issuer made. */
  digest(token: string): string | null;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether the password matches the hash, after the same work whatever the hash: null (no such
   * account) is checked against a stand-in at the current cost, and a hash made at a lower cost is
   * topped up to it. Neither the answer's timing nor its CPU tells accounts apart.
   */
  verify(password: string, passwordHash: string | null): Promise<boolean>;
  /** Whether a stored hash is weaker than the hasher makes now. Never true for a stronger one. */
  needsRehash(passwordHash: string): boolean;
}

export type Clock = () => Date;
