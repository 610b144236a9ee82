import type { Store, TokenIssuer } from "@tessera/domain/ports";
import { DEFAULT_SESSION_POLICY } from "@tessera/domain/session";
import type { User } from "@tessera/domain/user";

/**
 * A new user with one fresh session written straight into `store`, for tests that count what a
 * store does on the authenticated read path: the token to present, and the user.
 */
export async function seedSignedIn(store: Pick<Store, "users" | "sessions">, tokens: TokenIssuer, now: Date): Promise<{ token: string; user: User }> {
  const created = await store.users.create({ email: `reader-${Math.random()}@example.org`, passwordHash: "h", createdAt: now });
  if (!created.ok) throw new Error("user not created");
  const token = tokens.issue();
  await store.sessions.create({
    tokenDigest: tokens.digest(token)!,
    userId: created.user.id,
    credentialVersion: 1,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DEFAULT_SESSION_POLICY.lifetimeMs),
    lastUsedAt: now,
    userAgent: null,
  });
  return { token, user: created.user };
}
