import type { Store } from "@tessera/domain/ports";
import type { User } from "@tessera/domain/user";
import { MemoryAccountTokenRepository } from "./memory-account-token-repository.js";
import { MemoryAttemptLog } from "./memory-attempt-log.js";
import { MemoryDeviceRepository } from "./memory-device-repository.js";
import { MemoryOutbox } from "./memory-outbox.js";
import { MemorySessionRepository } from "./memory-session-repository.js";
import { MemoryUserRepository } from "./memory-user-repository.js";

/** Users, sessions, throttle counts, mail tokens and the outbox held in this process: lost on restart, not shared between instances. */
export function createMemoryStore(): Store {
  const usersById = new Map<string, User>();
  return {
    name: "memory",
    users: new MemoryUserRepository(usersById),
    sessions: new MemorySessionRepository(usersById),
    attempts: new MemoryAttemptLog(),
    devices: new MemoryDeviceRepository(),
    accountTokens: new MemoryAccountTokenRepository(),
    outbox: new MemoryOutbox(),
    ping: async () => true,
    close: async () => {},
  };
}
