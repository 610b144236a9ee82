import bcrypt from "bcrypt";
import type { PasswordHasher } from "@tessera/domain/ports";

export const DEFAULT_BCRYPT_COST = 12;

/** bcrypt through its asynchronous API only: a hash costs ~200 ms of CPU that must not stall the server. */
export class BcryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost: number = DEFAULT_BCRYPT_COST) {
    if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new RangeError("bcrypt cost must be an integer from 4 to 31");
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return bcrypt.compare(password, passwordHash);
  }

  needsRehash(passwordHash: string): boolean {
    try {
      return bcrypt.getRounds(passwordHash) !== this.cost;
    } catch {
      return true;
    }
  }
}
