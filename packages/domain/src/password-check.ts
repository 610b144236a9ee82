import { fitsPasswordHash } from "./password-rules.js";
import type { PasswordHasher } from "./ports.js";
import type { User } from "./user.js";

export type PasswordCheck = (password: string, user: User | null) => Promise<boolean>;

/** What is verified in place of a password that can match nothing, so that it costs the same work. */
const STAND_IN = "not a password that can match";

/**
 * One bcrypt verification's work for every check, whatever the account: an unknown email is
 * checked against the hasher's stand-in hash, and a password that can match nothing (too long,
 * NUL, unpaired surrogates) is never handed to bcrypt as it is.
 */
export function createPasswordCheck(hasher: PasswordHasher): PasswordCheck {
  return async (password, user) => {
    const usable = fitsPasswordHash(password);
    const matches = await hasher.verify(usable ? password : STAND_IN, user?.passwordHash ?? null);
    return usable && matches && user !== null;
  };
}
