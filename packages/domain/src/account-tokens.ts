import type { AuthDeps } from "./deps.js";
import type { AccountToken, AccountTokenKind } from "./ports.js";
import type { User } from "./user.js";

/**
 * The tokens mail links carry: made when the letter is (never kept in the clear), and redeemed
 * once. A redeemed token is checked against the account as it is now: a link sent to an address
 * the account has left is void, and so is a reset or email change made before the password changed.
 */
export function createAccountTokens(deps: Pick<AuthDeps, "accountTokens" | "users" | "tokens" | "recovery">) {
  const lifetimeMs = (kind: AccountTokenKind) =>
    kind === "reset" ? deps.recovery.resetTokenLifetimeMs : deps.recovery.verifyTokenLifetimeMs;

  return {
    /** A new token of `kind` for the user, voiding the older one of that kind; answers the secret. */
    async issue(user: User, kind: AccountTokenKind, now: Date, newEmail: string | null = null): Promise<string> {
      const token = deps.tokens.issue();
      const digest = deps.tokens.digest(token);
      if (digest === null) throw new Error("The token issuer refused a token it issued");
      await deps.accountTokens.issue(digest, {
        userId: user.id,
        kind,
        email: user.email,
        newEmail,
        credentialVersion: user.credentialVersion,
        createdAt: now,
        expiresAt: new Date(now.getTime() + lifetimeMs(kind)),
      });
      return token;
    },

    /**
     * Takes a token of one of `kinds` for good and answers it with its account, or null: unknown,
     * used, superseded, expired, or no longer matching the account (one answer for all).
     */
    async redeem(token: string, kinds: readonly AccountTokenKind[], now: Date): Promise<{ token: AccountToken; user: User } | null> {
      const digest = deps.tokens.digest(token);
      if (digest === null) return null;
      const taken = await deps.accountTokens.take(digest, kinds);
      if (!taken || taken.expiresAt.getTime() <= now.getTime()) return null;
      const user = await deps.users.findById(taken.userId);
      if (!user || user.email !== taken.email) return null;
      // A reset or an email change asked for before the password changed is void: whoever knew the
      // old password is out. Verifying the address is harmless whatever the password.
      if (taken.kind !== "verify" && user.credentialVersion !== taken.credentialVersion) return null;
      return { token: taken, user };
    },
  };
}
