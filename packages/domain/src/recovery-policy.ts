/** Lifetimes of the tokens sent by mail, and the limits on how often mail is sent. */
export interface RecoveryPolicy {
  /** A password reset link works this long (RESET_TOKEN_LIFETIME_SECONDS). */
  readonly resetTokenLifetimeMs: number;
  /** A verification or email-change link works this long (VERIFY_TOKEN_LIFETIME_SECONDS). */
  readonly verifyTokenLifetimeMs: number;
  /** Registering starts no session, and an unverified account cannot sign in. */
  readonly requireVerifiedEmail: boolean;
  /** Reset requests per client address in the window below, then 429. */
  readonly maxResetRequestsPerAddress: number;
  readonly resetRequestWindowMs: number;
  /** Reset letters per account in the window below; past it the answer stays the same, and nothing is sent. */
  readonly maxResetMailsPerAccount: number;
  /** Verification letters an account may ask for in the window below, then 429. */
  readonly maxVerificationMailsPerAccount: number;
  /** The window of both per-account mail limits. */
  readonly accountMailWindowMs: number;
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  resetTokenLifetimeMs: HOUR_MS,
  verifyTokenLifetimeMs: 24 * HOUR_MS,
  requireVerifiedEmail: false,
  maxResetRequestsPerAddress: 20,
  resetRequestWindowMs: 15 * MINUTE_MS,
  maxResetMailsPerAccount: 3,
  maxVerificationMailsPerAccount: 3,
  accountMailWindowMs: HOUR_MS,
};
