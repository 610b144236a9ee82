import type { LoginAttemptLog, SessionRepository, UserRepository } from "@tessera/domain/ports";

/** A persistence adapter as the composition root sees it: the repositories and their life. */
export interface Store {
  /** Said at start-up, so nobody runs on the in-memory store by mistake. */
  readonly name: string;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: LoginAttemptLog;
  /** Whether the store answers now; /readyz reports it. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
