/** What may be shown about a user: never the password hash. */
export interface UserProfile {
  readonly id: string;
  readonly email: string;
  /** Whether the account proved it receives mail at `email` (a verification or email-change link used). */
  readonly emailVerified: boolean;
  readonly createdAt: Date;
}

export interface User extends UserProfile {
  readonly passwordHash: string;
  /**
   * Moves on by one at every password change, and only then (a re-hash of the same password keeps
   * it). A session started by a check against an older version must not outlive the change.
   */
  readonly credentialVersion: number;
}

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** The version a new account's first password has. */
export const FIRST_CREDENTIAL_VERSION = 1;

export function toProfile(user: UserProfile): UserProfile {
  return { id: user.id, email: user.email, emailVerified: user.emailVerified, createdAt: user.createdAt };
}
