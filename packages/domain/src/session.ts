export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date;
  readonly userAgent: string | null;
  /** The owner's credential version when the session started. */
  readonly credentialVersion: number;
}

export interface NewSession {
  readonly tokenDigest: string;
  /** The owner's id. A store keeps no copy of the profile: a lookup reads the account as it is now. */
  readonly userId: string;
  readonly credentialVersion: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date;
  readonly userAgent: string | null;
}

export interface SessionPolicy {
  /** How long a session lives without use, and how far a renewal extends it. */
  readonly lifetimeMs: number;
  /** No renewal reaches past createdAt + this: the user then logs in again. */
  readonly absoluteLifetimeMs: number;
  /** lastUsedAt is written at most this often, so reads do not turn into writes. */
  readonly touchIntervalMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  lifetimeMs: 14 * DAY_MS,
  absoluteLifetimeMs: 30 * DAY_MS,
  touchIntervalMs: 60 * 1000,
};

/**
 * Checked on every read: a store's own clean-up (a TTL index) is never trusted for this. An ended
 * session (logout, revocation, password change) is no longer in the store at all.
 */
export function isSessionValid(session: Session, now: Date): boolean {
  return session.expiresAt.getTime() > now.getTime();
}

/** A new session's expiry: a full lifetime, within the absolute limit. */
export function initialExpiry(createdAt: Date, policy: SessionPolicy): Date {
  return new Date(createdAt.getTime() + Math.min(policy.lifetimeMs, policy.absoluteLifetimeMs));
}

/**
 * Sliding renewal: once less than half the lifetime is left, a request extends the session to a
 * full lifetime, capped by the absolute limit. Returns the new expiry, or null when none is due.
 */
export function renewedExpiry(session: Session, now: Date, policy: SessionPolicy): Date | null {
  const left = session.expiresAt.getTime() - now.getTime();
  if (left >= policy.lifetimeMs / 2) return null;
  const absoluteEnd = session.createdAt.getTime() + policy.absoluteLifetimeMs;
  const extended = Math.min(now.getTime() + policy.lifetimeMs, absoluteEnd);
  return extended > session.expiresAt.getTime() ? new Date(extended) : null;
}

export function isTouchDue(session: Session, now: Date, policy: SessionPolicy): boolean {
  return now.getTime() - session.lastUsedAt.getTime() >= policy.touchIntervalMs;
}
