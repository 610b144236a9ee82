import type {
  AccountTokenRepository,
  AttemptLog,
  Clock,
  CommonPasswordCheck,
  DeviceRepository,
  Outbox,
  PasswordHasher,
  SessionRepository,
  TokenIssuer,
  UserRepository,
} from "./ports.js";
import type { RecoveryPolicy } from "./recovery-policy.js";
import type { SessionPolicy } from "./session.js";
import type { ThrottlePolicy } from "./throttle.js";

/** Everything the use cases are built from; each use case takes only the part it uses. */
export interface AuthDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: AttemptLog;
  readonly devices: DeviceRepository;
  readonly accountTokens: AccountTokenRepository;
  /** Where use cases leave what is to be mailed; a courier sends it later. */
  readonly outbox: Outbox;
  readonly tokens: TokenIssuer;
  readonly hasher: PasswordHasher;
  readonly isCommonPassword: CommonPasswordCheck;
  readonly clock: Clock;
  readonly policy: SessionPolicy;
  readonly throttle: ThrottlePolicy;
  readonly recovery: RecoveryPolicy;
}
