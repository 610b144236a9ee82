import type { AuthDeps } from "./deps.js";
import type { Session } from "./session.js";

export type ListSessions = (userId: string) => Promise<Session[]>;
/** Ends one of the user's own sessions; false for a session that is missing, foreign or already ended. */
export type RevokeSession = (userId: string, sessionId: string) => Promise<boolean>;
/** Ends all the user's sessions but the current one; answers how many. */
export type RevokeOtherSessions = (userId: string, currentSessionId: string) => Promise<number>;

/** The user's valid sessions, newest first. */
export function createListSessions(deps: Pick<AuthDeps, "sessions" | "clock">): ListSessions {
  return async (userId) => {
    const sessions = await deps.sessions.listValid(userId, deps.clock());
    return sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  };
}

export function createRevokeSession(deps: Pick<AuthDeps, "sessions" | "clock">): RevokeSession {
  return (userId, sessionId) => deps.sessions.expireOwned(userId, sessionId, deps.clock());
}

export function createRevokeOtherSessions(deps: Pick<AuthDeps, "sessions" | "clock">): RevokeOtherSessions {
  return (userId, currentSessionId) => deps.sessions.expireAllOf(userId, deps.clock(), currentSessionId);
}
