import type { Model } from "mongoose";
import type { Models } from "./models.js";

const NOT_IMPLEMENTED = 238;

export interface IndexReport {
  /** Whether the server deletes expired documents itself (TTL indexes); FerretDB 1.x cannot. */
  readonly ttl: boolean;
}

/**
 * Creates every index and waits for it, at start-up: the unique indexes are what decide races
 * (two registrations of one email, two changes of one password, two attempts for one throttle
 * slot), so the app must not serve before they exist.
 */
export async function createIndexes({ users, credentials, sessions, attemptSlots, devices }: Models): Promise<IndexReport> {
  await users.collection.createIndex({ email: 1 }, { unique: true, name: "email_unique" });
  await credentials.collection.createIndex({ userId: 1, seq: 1 }, { unique: true, name: "userId_seq_unique" });
  await sessions.collection.createIndex({ tokenDigest: 1 }, { unique: true, name: "tokenDigest_unique" });
  await sessions.collection.createIndex({ userId: 1 }, { name: "userId" });
  await attemptSlots.collection.createIndex({ key: 1, slot: 1 }, { unique: true, name: "key_slot_unique" });
  await devices.collection.createIndex({ tokenDigest: 1 }, { unique: true, name: "tokenDigest_unique" });
  await devices.collection.createIndex({ userId: 1, createdAt: -1 }, { name: "userId_createdAt" });
  const ttl = await expiryIndex(sessions);
  await expiryIndex(attemptSlots);
  await expiryIndex(devices);
  return { ttl };
}

/** Clean-up only: expiry is checked on every read, whatever this index does or when. */
async function expiryIndex(model: Model<any>): Promise<boolean> {
  try {
    await model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: "expiresAt_ttl" });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    await model.collection.createIndex({ expiresAt: 1 }, { name: "expiresAt" });
    return false;
  }
}
