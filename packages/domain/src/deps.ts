import type { Clock, PasswordHasher, SessionRepository, TokenIssuer, UserRepository } from "./ports.js";
import type { SessionPolicy } from "./session.js";

/** Everything the use cases are built from; each use case takes only the part it uses. */
export interface AuthDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenIssuer;
  readonly hasher: PasswordHasher;
  readonly clock: Clock;
  readonly policy: SessionPolicy;
}
