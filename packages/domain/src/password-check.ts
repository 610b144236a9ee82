import { fitsPasswordHash } from "./password-rules.js";
import type { PasswordHasher, TokenIssuer } from "./ports.js";
import type { User } from "./user.js";

export type PasswordCheck = (password: string, user: User | null) => Promise<boolean>;

/**
 * One bcrypt verification for every check, whatever the account: an unknown email is checked
 * against a dummy hash, so neither the answer nor its timing tells whether an account exists.
 * A password too long for bcrypt is never handed to it (bcrypt would compare only a prefix).
 */
export function createPasswordCheck(hasher: PasswordHasher, tokens: TokenIssuer): PasswordCheck {
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= hasher.hash(tokens.issue()));
  return async (password, user) => {
    const hash = user?.passwordHash ?? (await dummy());
    if (!fitsPasswordHash(password)) {
      await hasher.verify("not-the-password", hash);
      return false;
    }
    return (await hasher.verify(password, hash)) && user !== null;
  };
}
