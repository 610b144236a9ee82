import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { describe, expect, it } from "vitest";
import { ada, countingHasher, fixture, registered } from "./fixture.js";

describe("login", () => {
  it("starts a new session with its own token for the right password", async () => {
    const f = fixture();
    const first = await registered(f);
    const outcome = await f.auth.login({ ...ada, email: "  ADA@example.org" });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.user.email).toBe("ada@example.org");
    expect(outcome.token).not.toBe(first.token);
    expect(outcome.session.id).not.toBe(first.session.id);
    expect(await f.auth.listSessions(outcome.user.id)).toHaveLength(2);
  });

  it("gives the same outcome, after the same work, for an unknown email and a wrong password", async () => {
    const f = fixture();
    await registered(f);
    const before = f.hasher.verifications;
    const unknown = await f.auth.login({ ...ada, email: "nobody@example.org" });
    const afterUnknown = f.hasher.verifications;
    const wrong = await f.auth.login({ ...ada, password: "wrong horse" });
    expect(unknown).toEqual({ ok: false, error: "invalid_credentials" });
    expect(wrong).toEqual(unknown);
    expect([afterUnknown - before, f.hasher.verifications - afterUnknown]).toEqual([1, 1]);
  });

  it.each([
    ["longer than bcrypt reads, with the first 72 bytes right", "p".repeat(72), `${"p".repeat(72)}extra`],
    ["cut at a NUL, as bcrypt would read it", "123456123456", "123456123456\u0000x"],
    ["with an unpaired surrogate, which bcrypt reads as U+FFFD", "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd", "\ud800".repeat(8)],
  ])("never matches a password %s, after the same work", async (_case, stored, tried) => {
    const f = fixture({ isCommonPassword: () => false });
    await registered(f, { password: stored });
    const before = f.hasher.verifications;
    expect(await f.auth.login({ ...ada, password: tried })).toEqual({ ok: false, error: "invalid_credentials" });
    expect(f.hasher.verifications - before).toBe(1);
    expect((await f.auth.login({ ...ada, password: stored })).ok).toBe(true);
  });

  it("answers invalid_email for a string that is not an address", async () => {
    const f = fixture();
    expect(await f.auth.login({ ...ada, email: "ada" })).toEqual({ ok: false, error: "invalid_email" });
  });

  it("re-hashes the password when the configured cost went up, and keeps the credential version", async () => {
    const f = fixture();
    await registered(f);
    const stronger = f.with({ hasher: countingHasher(new BcryptPasswordHasher(5)) });
    expect((await stronger.login(ada)).ok).toBe(true);
    const after = await f.store.users.findByEmail(ada.email);
    expect(after?.passwordHash).toMatch(/^\$2b\$05\$/);
    expect(after?.credentialVersion).toBe(1);
    expect((await f.auth.login(ada)).ok).toBe(true);
  });

  it("never re-hashes down: a lower configured cost keeps the stronger hash", async () => {
    const f = fixture({ hasher: countingHasher(new BcryptPasswordHasher(5)) });
    await registered(f);
    const weaker = f.with({ hasher: countingHasher(new BcryptPasswordHasher(4)) });
    expect((await weaker.login(ada)).ok).toBe(true);
    expect((await f.store.users.findByEmail(ada.email))?.passwordHash).toMatch(/^\$2b\$05\$/);
  });
});
