import type { AuthDeps } from "./deps.js";
import { isSessionValid, isTouchDue, renewedExpiry, type Session } from "./session.js";
import type { UserProfile } from "./user.js";

export type AuthenticateOutcome =
  | {
      ok: true;
      session: Session;
      user: UserProfile;
      /** The expiry moved: the web layer re-sends the cookie with the new lifetime. */
      fresh: boolean;
    }
  | { ok: false; error: "no_session" };

export type Authenticate = (token: string) => Promise<AuthenticateOutcome>;

/**
 * One store lookup per request (the session with its owner). Writes happen only for a sliding renewal (less than half the
 * lifetime left) or to record use at most once per touch interval.
 */
export function createAuthenticate(deps: Pick<AuthDeps, "sessions" | "tokens" | "clock" | "policy">): Authenticate {
  const noSession = { ok: false, error: "no_session" } as const;
  return async (token) => {
    const tokenDigest = deps.tokens.digest(token);
    if (tokenDigest === null) return noSession;
    const found = await deps.sessions.findByTokenDigest(tokenDigest);
    const now = deps.clock();
    if (!found || !isSessionValid(found.session, now)) return noSession;

    const { session, user } = found;
    const expiresAt = renewedExpiry(session, now, deps.policy);
    if (expiresAt) {
      // A logout that landed since the read wins: the renewal finds no session to extend.
      if (!(await deps.sessions.renew(session.id, expiresAt, now))) return noSession;
      return { ok: true, session: { ...session, expiresAt, lastUsedAt: now }, user, fresh: true };
    }
    if (isTouchDue(session, now, deps.policy)) {
      await deps.sessions.touch(session.id, now);
      return { ok: true, session: { ...session, lastUsedAt: now }, user, fresh: false };
    }
    return { ok: true, session, user, fresh: false };
  };
}
