import { describe, expect, it } from "vitest";
import { createRegister } from "../src/register.js";
import { fakeDeps } from "./fakes.js";

const input = { email: " Ada@Example.org ", password: "correct horse", userAgent: "test" };

describe("register", () => {
  it("stores the normalised email and a hash, never the password, and starts a session", async () => {
    const { deps, users, sessions } = fakeDeps();
    const outcome = await createRegister(deps)(input);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.user.email).toBe("ada@example.org");
    const [stored] = users.all.values();
    expect(stored?.passwordHash).toBe("cost10:correct horse");
    const [session] = sessions.all.values();
    expect(session).toMatchObject({ userId: outcome.user.id, status: "valid", userAgent: "test" });
    expect(session?.tokenDigest).toBe(`digest(${outcome.token})`);
    expect(session?.expiresAt.getTime()! - session?.createdAt.getTime()!).toBe(deps.policy.lifetimeMs);
  });

  it("answers email_taken for an address already registered, in any case", async () => {
    const { deps } = fakeDeps();
    const register = createRegister(deps);
    await register(input);
    expect(await register({ ...input, email: "ADA@example.org" })).toEqual({ ok: false, error: "email_taken" });
  });

  it.each([
    ["not-an-email", "correct horse", "invalid_email"],
    ["ada@example.org", "short", "password_too_short"],
    ["ada@example.org", "x".repeat(73), "password_too_long"],
    ["ada@example.org", "IloveYou", "password_too_common"],
  ])("refuses %j / %j with %s and stores nothing", async (email, password, error) => {
    const { deps, users } = fakeDeps();
    expect(await createRegister(deps)({ email, password, userAgent: null })).toEqual({ ok: false, error });
    expect(users.all.size).toBe(0);
  });
});
