import type {
  AttemptLog,
  Clock,
  CommonPasswordCheck,
  DeviceRepository,
  PasswordHasher,
  SessionRepository,
  TokenIssuer,
  UserRepository,
} from "./ports.js";
import type { SessionPolicy } from "./session.js";
import type { ThrottlePolicy } from "./throttle.js";

/** Everything the use cases are built from; each use case takes only the part it uses. */
export interface AuthDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: AttemptLog;
  readonly devices: DeviceRepository;
  readonly tokens: TokenIssuer;
  readonly hasher: PasswordHasher;
  readonly isCommonPassword: CommonPasswordCheck;
  readonly clock: Clock;
  readonly policy: SessionPolicy;
  readonly throttle: ThrottlePolicy;
}
