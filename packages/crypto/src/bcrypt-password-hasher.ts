import { availableParallelism } from "node:os";
import bcrypt from "bcrypt";
import type { PasswordHasher } from "@tessera/domain/ports";
import { concurrencyLimit } from "./concurrency-limit.js";

export const DEFAULT_BCRYPT_COST = 12;

/** All cores but one: however many logins arrive, one core stays free for everything else. */
export const DEFAULT_BCRYPT_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/**
 * bcrypt through its asynchronous API only (a hash costs ~200 ms of CPU that must not stall the
 * server), and never more hashes at once than the concurrency allows: the rest queue.
 */
export class BcryptPasswordHasher implements PasswordHasher {
  private readonly limited: ReturnType<typeof concurrencyLimit>;

  constructor(
    private readonly cost: number = DEFAULT_BCRYPT_COST,
    concurrency: number = DEFAULT_BCRYPT_CONCURRENCY,
  ) {
    if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new RangeError("bcrypt cost must be an integer from 4 to 31");
    this.limited = concurrencyLimit(concurrency);
  }

  hash(password: string): Promise<string> {
    return this.limited(() => bcrypt.hash(password, this.cost));
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return this.limited(() => bcrypt.compare(password, passwordHash));
  }

  needsRehash(passwordHash: string): boolean {
    try {
      return bcrypt.getRounds(passwordHash) !== this.cost;
    } catch {
      return true;
    }
  }
}
