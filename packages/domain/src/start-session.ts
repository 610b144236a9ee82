import type { AuthDeps } from "./deps.js";
import type { IssuedDevice } from "./devices.js";
import { initialExpiry, type Session } from "./session.js";
import type { UserProfile } from "./user.js";

export interface IssuedSession {
  /** The secret the client keeps. Only its digest reaches the store. */
  readonly token: string;
  readonly session: Session;
  /** A new device token, for a client that proved the password and had none for this account. */
  readonly device?: IssuedDevice | null;
}

export type StartSession = (user: UserProfile, credentialVersion: number, userAgent: string | null) => Promise<IssuedSession>;

/** A brand-new session for every sign-in, so no token chosen before it can be carried over. */
export function createStartSession(deps: Pick<AuthDeps, "sessions" | "tokens" | "clock" | "policy">): StartSession {
  return async (user, credentialVersion, userAgent) => {
    const token = deps.tokens.issue();
    const tokenDigest = deps.tokens.digest(token);
    if (tokenDigest === null) throw new Error("The token issuer refused a token it issued");
    const now = deps.clock();
    const session = await deps.sessions.create({
      tokenDigest,
      userId: user.id,
      credentialVersion,
      createdAt: now,
      expiresAt: initialExpiry(now, deps.policy),
      lastUsedAt: now,
      userAgent,
    });
    return { token, session };
  };
}

/**
 * Whether a session started on a password check still stands, or ends it. Called once the session
 * is in the store: a password change that landed after the check but before the session existed
 * would have missed it when it ended the user's sessions. If the version moved, this one ends too;
 * if it did not, any later change finds the session in the store and ends it there.
 */
export function createSessionSurvival(deps: Pick<AuthDeps, "users" | "sessions">) {
  return async (session: Session): Promise<boolean> => {
    const user = await deps.users.findById(session.userId);
    if (user?.credentialVersion === session.credentialVersion) return true;
    await deps.sessions.expire(session.id);
    return false;
  };
}
