import { describe, expect, it } from "vitest";
import { ada, fixture } from "./fixture.js";

const input = { email: " Ada@Example.org ", password: "correct horse", userAgent: "test", clientAddress: "192.0.2.1" };

describe("register", () => {
  it("stores the normalised email and a hash, never the password, and starts a session", async () => {
    const f = fixture();
    const outcome = await f.auth.register(input);
    if (!outcome.ok) throw new Error(outcome.error);
    if (outcome.session === null) throw new Error("no session started");
    expect(outcome.user.email).toBe("ada@example.org");
    const stored = await f.store.users.findByEmail("ada@example.org");
    expect(stored?.passwordHash).toMatch(/^\$2b\$04\$/);
    expect(stored?.passwordHash).not.toContain("correct horse");
    expect(outcome.session).toMatchObject({ userId: outcome.user.id, userAgent: "test", credentialVersion: 1 });
    expect(outcome.session.expiresAt.getTime() - outcome.session.createdAt.getTime()).toBe(f.deps.policy.lifetimeMs);
    expect((await f.auth.authenticate(outcome.token)).ok).toBe(true);
  });

  it("answers email_taken for an address already registered, in any case", async () => {
    const { auth } = fixture();
    await auth.register(input);
    expect(await auth.register({ ...input, email: "ADA@example.org" })).toEqual({ ok: false, error: "email_taken" });
  });

  it.each([
    ["not-an-email", "correct horse", "invalid_email"],
    ["ada@example.org", "short", "password_too_short"],
    ["ada@example.org", "x".repeat(73), "password_too_long"],
    ["ada@example.org", "IloveYou", "password_too_common"],
    // bcrypt stops at NUL: this would be "123456", and "123456" would log in.
    ["ada@example.org", "123456\u0000123456", "password_not_text"],
    // Each lone surrogate becomes U+FFFD: all eight-surrogate passwords would be one password.
    ["ada@example.org", "\ud800".repeat(8), "password_not_text"],
    ["ada@example.org", "abcdefg\udc00", "password_not_text"],
    // Compared with the list after NFKC, without invisible characters, trimmed.
    ["ada@example.org", "ｐａｓｓｗｏｒｄ１", "password_too_common"],
    ["ada@example.org", "pass\u200bword1", "password_too_common"],
    ["ada@example.org", "  iloveyou\ufeff ", "password_too_common"],
  ])("refuses %j / %j with %s and stores nothing", async (email, password, error) => {
    const f = fixture();
    expect(await f.auth.register({ email, password, userAgent: null })).toEqual({ ok: false, error });
    expect(await f.store.users.findByEmail(email)).toBeNull();
  });

  it("takes a password with characters outside the BMP, in pairs", async () => {
    const { auth } = fixture();
    expect((await auth.register({ ...ada, password: "🐎🔋 correct horse" })).ok).toBe(true);
    expect((await auth.login({ ...ada, password: "🐎🔋 correct horse" })).ok).toBe(true);
  });

  it("limits registrations per client address, and counts an IPv6 client by its /64", async () => {
    const f = fixture({ throttle: { ...fixture().deps.throttle, maxRegistrationsPerAddress: 3 } });
    const from = (clientAddress: string, i: number) => f.auth.register({ ...ada, email: `user${i}-${clientAddress.length}@example.org`, clientAddress });
    for (let i = 0; i < 3; i++) expect((await from(`2001:db8:1:2::${i + 1}`, i)).ok).toBe(true);
    expect(await from("2001:db8:1:2:ffff::9", 9)).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
    expect((await from("2001:db8:1:3::1", 10)).ok).toBe(true);
    // Every call counts, a taken email too: each costs a bcrypt hash.
    const g = fixture({ throttle: { ...fixture().deps.throttle, maxRegistrationsPerAddress: 2 } });
    await g.auth.register(ada);
    expect(await g.auth.register(ada)).toEqual({ ok: false, error: "email_taken" });
    expect(await g.auth.register({ ...ada, email: "bob@example.org" })).toMatchObject({ error: "too_many_attempts" });
    f.clock.advance(15 * 60 * 1000);
    expect((await from("2001:db8:1:2::7", 11)).ok).toBe(true);
  });
});
