import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import bcrypt from "bcrypt";
import type { PasswordHasher } from "@tessera/domain/ports";
import { concurrencyLimit } from "./concurrency-limit.js";

export const DEFAULT_BCRYPT_COST = 12;
export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 31;

/** All cores but one: however many logins arrive, one core stays free for everything else. */
export const DEFAULT_BCRYPT_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/**
 * bcrypt through its asynchronous API only (a hash costs ~200 ms of CPU that must not stall the
 * server), and never more hashes at once than the concurrency allows: the rest queue.
 *
 * Every verification costs the work of one at the configured cost, whatever it is checked against:
 * an unknown account is checked against a stand-in hash, and a hash from a lower cost (made before
 * the cost was raised) is topped up with stand-ins at each cost in between, since bcrypt's work
 * doubles with each step (2^c + 2^c + ... + 2^(C-1) = 2^C).
 */
export class BcryptPasswordHasher implements PasswordHasher {
  readonly cost: number;
  private readonly limited: ReturnType<typeof concurrencyLimit>;
  private standIns: Promise<ReadonlyMap<number, string>> | undefined;

  constructor(cost: number = DEFAULT_BCRYPT_COST, concurrency: number = DEFAULT_BCRYPT_CONCURRENCY) {
    if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
      throw new RangeError(`bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}`);
    }
    this.cost = cost;
    this.limited = concurrencyLimit(concurrency);
  }

  /** Makes the stand-in hashes now, at start-up, so that the first unknown email is not slower than the rest. */
  async prepare(): Promise<void> {
    await this.standInHashes();
  }

  hash(password: string): Promise<string> {
    return this.limited(() => bcrypt.hash(password, this.cost));
  }

  verify(password: string, passwordHash: string | null): Promise<boolean> {
    return this.limited(async () => {
      const standIns = await this.standInHashes();
      const rounds = passwordHash === null ? null : roundsOf(passwordHash);
      const checked = rounds === null ? (standIns.get(this.cost) as string) : (passwordHash as string);
      const matches = await bcrypt.compare(password, checked);
      for (let cost = rounds ?? this.cost; cost < this.cost; cost++) await bcrypt.compare(password, standIns.get(cost) as string);
      return rounds !== null && matches;
    });
  }

  /** Only a weaker hash is redone: lowering the cost never weakens a stored password. */
  needsRehash(passwordHash: string): boolean {
    const rounds = roundsOf(passwordHash);
    return rounds !== null && rounds < this.cost;
  }

  /** A hash of a random secret at every cost up to the configured one: nobody knows what they hash. */
  private standInHashes(): Promise<ReadonlyMap<number, string>> {
    this.standIns ??= (async () => {
      const secret = randomBytes(32).toString("base64url");
      const costs = Array.from({ length: this.cost - MIN_BCRYPT_COST + 1 }, (_, i) => MIN_BCRYPT_COST + i);
      const hashes = await Promise.all(costs.map((cost) => bcrypt.hash(secret, cost)));
      return new Map(costs.map((cost, i) => [cost, hashes[i] as string]));
    })();
    return this.standIns;
  }
}

/** The cost a bcrypt hash was made at, or null when the text is not a bcrypt hash. */
function roundsOf(passwordHash: string): number | null {
  if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(passwordHash)) return null;
  return bcrypt.getRounds(passwordHash);
}
