import type { AuthDeps } from "./deps.js";
import type { User } from "./user.js";

/**
 * Stores a new password over the one just checked (or the account held when a reset link was
 * made): compare-and-set on the hash, so of parallel changes one wins and the rest change nothing.
 * A re-hash of the same password (a login on an instance with a higher cost) that got there first
 * is no reason to give up: the password checked is still the password. False when another change
 * of the password landed first.
 */
export function createReplacePassword(deps: Pick<AuthDeps, "users">) {
  return async (checked: User, passwordHash: string): Promise<boolean> => {
    let expected = checked;
    for (let tries = 0; tries < 3; tries++) {
      if (await deps.users.changePasswordHash(checked.id, expected.passwordHash, passwordHash)) return true;
      const now = await deps.users.findById(checked.id);
      if (now?.credentialVersion !== checked.credentialVersion) return false;
      expected = now;
    }
    return false;
  };
}
