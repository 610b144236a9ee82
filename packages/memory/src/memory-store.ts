import type { Store } from "@tessera/domain/ports";
import type { Session } from "@tessera/domain/session";
import type { User } from "@tessera/domain/user";
import { MemoryLoginAttemptLog } from "./memory-login-attempt-log.js";
import { MemorySessionRepository } from "./memory-session-repository.js";
import { MemoryUserRepository } from "./memory-user-repository.js";

/** Users, sessions and failed logins held in this process: lost on restart, not shared between instances. */
export function createMemoryStore(): Store {
  const usersById = new Map<string, User>();
  const sessions = new Map<string, Session>();
  return {
    name: "memory",
    users: new MemoryUserRepository(usersById),
    sessions: new MemorySessionRepository(sessions, usersById),
    attempts: new MemoryLoginAttemptLog(),
    ping: async () => true,
    close: async () => {},
  };
}
