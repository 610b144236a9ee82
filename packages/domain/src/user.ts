/** What may be shown about a user: never the password hash. */
export interface UserProfile {
  readonly id: string;
  readonly email: string;
  readonly createdAt: Date;
}

export interface User extends UserProfile {
  readonly passwordHash: string;
}

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

export function toProfile(user: User): UserProfile {
  return { id: user.id, email: user.email, createdAt: user.createdAt };
}
