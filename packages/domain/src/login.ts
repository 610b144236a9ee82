import type { AuthDeps } from "./deps.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import { fitsPasswordHash } from "./password-rules.js";
import type { PasswordHasher, TokenIssuer } from "./ports.js";
import { createStartSession, type IssuedSession } from "./start-session.js";
import { toProfile, type User, type UserProfile } from "./user.js";

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly userAgent: string | null;
}

export type LoginOutcome =
  | ({ ok: true; user: UserProfile } & IssuedSession)
  | { ok: false; error: "invalid_email" | "invalid_credentials" };

export type Login = (input: LoginInput) => Promise<LoginOutcome>;

export function createLogin(deps: Pick<AuthDeps, "users" | "sessions" | "tokens" | "hasher" | "clock" | "policy">): Login {
  const startSession = createStartSession(deps);
  const checkPassword = createPasswordCheck(deps.hasher, deps.tokens);
  return async ({ email: rawEmail, password, userAgent }) => {
    const email = normaliseEmail(rawEmail);
    if (!isValidEmail(email)) return { ok: false, error: "invalid_email" };

    const user = await deps.users.findByEmail(email);
    const matches = await checkPassword(password, user);
    if (!user || !matches) return { ok: false, error: "invalid_credentials" };

    if (deps.hasher.needsRehash(user.passwordHash)) {
      await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(password));
    }
    const profile = toProfile(user);
    return { ok: true, user: profile, ...(await startSession(profile, userAgent)) };
  };
}

/**
 * One bcrypt verification for every login, whatever the account: an unknown email is checked
 * against a dummy hash, so neither the answer nor its timing tells whether an account exists.
 * A password too long for bcrypt is never handed to it (bcrypt would compare only a prefix).
 */
export function createPasswordCheck(hasher: PasswordHasher, tokens: TokenIssuer) {
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= hasher.hash(tokens.issue()));
  return async (password: string, user: User | null): Promise<boolean> => {
    const hash = user?.passwordHash ?? (await dummy());
    if (!fitsPasswordHash(password)) {
      await hasher.verify("not-the-password", hash);
      return false;
    }
    return (await hasher.verify(password, hash)) && user !== null;
  };
}
