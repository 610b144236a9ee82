import type { AuthDeps } from "./deps.js";
import { initialExpiry, type Session } from "./session.js";
import type { UserProfile } from "./user.js";

export interface IssuedSession {
  /** The secret the client keeps. Only its digest reaches the store. */
  readonly token: string;
  readonly session: Session;
}

export type StartSession = (user: UserProfile, userAgent: string | null) => Promise<IssuedSession>;

/** A brand-new session for every sign-in, so no token chosen before it can be carried over. */
export function createStartSession(deps: Pick<AuthDeps, "sessions" | "tokens" | "clock" | "policy">): StartSession {
  return async (user, userAgent) => {
    const token = deps.tokens.issue();
    const tokenDigest = deps.tokens.digest(token);
    if (tokenDigest === null) throw new Error("The token issuer refused a token it issued");
    const now = deps.clock();
    const session = await deps.sessions.create({
      tokenDigest,
      user,
      createdAt: now,
      expiresAt: initialExpiry(now, deps.policy),
      lastUsedAt: now,
      userAgent,
    });
    return { token, session };
  };
}
