import type { Model } from "mongoose";
import type { Models } from "./models.js";

const NOT_IMPLEMENTED = 238;

export interface IndexReport {
  /** Whether the server deletes expired documents itself (TTL indexes); FerretDB 1.x cannot. */
  readonly ttl: boolean;
}

/** A collection whose documents are done with at a date in one field. */
export interface Expiring {
  readonly model: Model<any>;
  readonly field: "expiresAt" | "purgeAt";
}

/** What a TTL index (or, on a server without one, the sweeper) deletes, and from when. */
export function expiring({ sessions, attemptSlots, devices, accountTokens, outbox }: Models): Expiring[] {
  return [
    { model: sessions, field: "expiresAt" },
    { model: attemptSlots, field: "expiresAt" },
    { model: devices, field: "expiresAt" },
    { model: accountTokens, field: "expiresAt" },
    // Settled entries only: a pending one has no purgeAt.
    { model: outbox, field: "purgeAt" },
  ];
}

/**
 * Creates every index and waits for it, at start-up: the unique indexes are what decide races
 * (two registrations of one email, two changes of one password, two attempts for one throttle
 * slot, two mail tokens of one kind for one user), so the app must not serve before they exist.
 */
export async function createIndexes(models: Models): Promise<IndexReport> {
  const { users, credentials, sessions, attemptSlots, devices, accountTokens, outbox } = models;
  await users.collection.createIndex({ email: 1 }, { unique: true, name: "email_unique" });
  await credentials.collection.createIndex({ userId: 1, seq: 1 }, { unique: true, name: "userId_seq_unique" });
  await sessions.collection.createIndex({ tokenDigest: 1 }, { unique: true, name: "tokenDigest_unique" });
  await sessions.collection.createIndex({ userId: 1 }, { name: "userId" });
  await attemptSlots.collection.createIndex({ key: 1, slot: 1 }, { unique: true, name: "key_slot_unique" });
  await devices.collection.createIndex({ tokenDigest: 1 }, { unique: true, name: "tokenDigest_unique" });
  await devices.collection.createIndex({ userId: 1, createdAt: -1 }, { name: "userId_createdAt" });
  await accountTokens.collection.createIndex({ digest: 1 }, { unique: true, name: "digest_unique" });
  await accountTokens.collection.createIndex({ userId: 1, kind: 1 }, { unique: true, name: "userId_kind_unique" });
  await outbox.collection.createIndex({ status: 1, nextAttemptAt: 1 }, { name: "status_nextAttemptAt" });
  await outbox.collection.createIndex({ userId: 1 }, { name: "userId" });
  const ttls: boolean[] = [];
  for (const { model, field } of expiring(models)) ttls.push(await expiryIndex(model, field));
  return { ttl: ttls.every(Boolean) };
}

/** Clean-up only: expiry is checked on every read, whatever this index does or when. */
async function expiryIndex(model: Model<any>, field: Expiring["field"]): Promise<boolean> {
  try {
    await model.collection.createIndex({ [field]: 1 }, { expireAfterSeconds: 0, name: `${field}_ttl` });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    await model.collection.createIndex({ [field]: 1 }, { name: field });
    return false;
  }
}
