import type { LoginAttemptLog, SessionRepository, UserRepository } from "@tessera/domain/ports";
import type { Session } from "@tessera/domain/session";
import type { User } from "@tessera/domain/user";
import { MemoryLoginAttemptLog } from "./memory-login-attempt-log.js";
import { MemorySessionRepository } from "./memory-session-repository.js";
import { MemoryUserRepository } from "./memory-user-repository.js";

/** Users and sessions held in this process: lost on restart, not shared between instances. */
export interface MemoryStore {
  readonly name: "memory";
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: LoginAttemptLog;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryStore(): MemoryStore {
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
