import type { Models } from "./models.js";

const NOT_IMPLEMENTED = 238;

export interface IndexReport {
  /** Whether the server deletes expired sessions itself (a TTL index); FerretDB 1.x cannot. */
  readonly ttl: boolean;
}

/**
 * Creates every index and waits for it, at start-up: the unique email index is the only real guard
 * against two concurrent registrations, so the app must not serve before it exists.
 */
export async function createIndexes({ users, sessions }: Models): Promise<IndexReport> {
  await users.collection.createIndex({ email: 1 }, { unique: true, name: "email_unique" });
  await sessions.collection.createIndex({ tokenDigest: 1 }, { unique: true, name: "tokenDigest_unique" });
  await sessions.collection.createIndex({ userId: 1 }, { name: "userId" });
  try {
    // Clean-up only: expiry is checked on every read, whatever this index does or when.
    await sessions.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: "expiresAt_ttl" });
    return { ttl: true };
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
    await sessions.collection.createIndex({ expiresAt: 1 }, { name: "expiresAt" });
    return { ttl: false };
  }
}
