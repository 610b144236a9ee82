import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AttemptLog } from "@tessera/domain/ports";

/** How long a lock holds if its holder dies before giving it back. */
const LEASE_MS = 5_000;
/** Waits between tries: a held lock is held for one update, a few milliseconds. */
const WAITS_MS = [2, 5, 10, 20, 40, 80, 160, 320, 640];

/**
 * One writer at a time on a user document. Some Mongo-wire servers (FerretDB) apply an update as
 * read, change, write back the whole document: two updates of one account at once (a verification
 * and an email change) can undo each other, filter or not. The lock is a slot taken by an insert
 * under a unique key, which every server gives to exactly one writer.
 */
export function createAccountLock(slots: AttemptLog) {
  return async <T>(userId: string, write: () => Promise<T>): Promise<T> => {
    const key = `account-write:${userId}`;
    const holder = randomUUID();
    for (const wait of [...WAITS_MS, null]) {
      const at = new Date();
      if (await slots.take(key, { slot: 0, holder, at, expiresAt: new Date(at.getTime() + LEASE_MS) })) {
        try {
          return await write();
        } finally {
          await slots.release(key, 0, holder);
        }
      }
      if (wait === null) break;
      await sleep(wait);
    }
    throw new Error(`The account ${userId} stayed locked by another write`);
  };
}
