import type { AuthDeps } from "./deps.js";
import type { Session } from "./session.js";

export type Logout = (session: Session) => Promise<void>;

/** Ends the session in the store: its token never works again, in any app that shares the store. */
export function createLogout(deps: Pick<AuthDeps, "sessions">): Logout {
  return async (session) => {
    await deps.sessions.expire(session.id);
  };
}
