import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { describe, expect, it } from "vitest";
import { ada, countingHasher, fixture, registered } from "./fixture.js";

/*
 * The interleavings that broke password changes, each forced step by step: the hasher holds one
 * call until the test lets it go, so the other use case lands exactly in between.
 */

const NEW = "new battery staple";

describe("a password change racing a login with the old password", () => {
  it("is not undone by a login that re-hashes the old password (an instance with a higher cost)", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const strongerHasher = countingHasher(new BcryptPasswordHasher(5));
    const stronger = f.with({ hasher: strongerHasher });
    // The login has checked the old password and is about to hash it again at cost 5...
    const held = strongerHasher.hold("hash");
    const login = stronger.login(ada);
    await held.reached;
    // ...when the change lands.
    const change = await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: NEW, userAgent: null });
    expect(change.ok).toBe(true);
    held.release();
    expect(await login).toEqual({ ok: false, error: "invalid_credentials" });

    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.login({ ...ada, password: NEW })).toMatchObject({ ok: true });
  });

  it("leaves no session of a login whose check of the old password passed before the change", async () => {
    const f = fixture();
    const { session } = await registered(f);
    // The login has verified the old password, and has not made its session yet...
    const held = f.hasher.hold("verify");
    const login = f.auth.login(ada);
    await held.reached;
    // ...when the change lands and ends every session the user has.
    const change = await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: NEW, userAgent: null });
    if (!change.ok) throw new Error(change.error);
    held.release();
    expect(await login).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await f.auth.listSessions(change.session.userId)).map((s) => s.id)).toEqual([change.session.id]);
  });

  it("leaves no session of a login that made it just before the change ended the others", async () => {
    const f = fixture();
    const { session } = await registered(f);
    // The change has checked the current password and is about to hash the new one...
    const held = f.hasher.hold("hash");
    const change = f.auth.changePassword({ session, currentPassword: ada.password, newPassword: NEW, userAgent: null });
    await held.reached;
    // ...when a login with the (still current) password completes.
    const login = await f.auth.login(ada);
    if (!login.ok) throw new Error(login.error);
    held.release();
    const changed = await change;
    if (!changed.ok) throw new Error(changed.error);
    expect((await f.auth.authenticate(login.token)).ok).toBe(false);
    expect((await f.auth.authenticate(changed.token)).ok).toBe(true);
  });

  it("goes through when a login re-hashed the same password while the change was hashing the new one", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const stronger = f.with({ hasher: countingHasher(new BcryptPasswordHasher(5)) });
    const held = f.hasher.hold("hash");
    const change = f.auth.changePassword({ session, currentPassword: ada.password, newPassword: NEW, userAgent: null });
    await held.reached;
    // The old password, re-hashed at cost 5: the same password, so the change still stands on it.
    expect((await stronger.login(ada)).ok).toBe(true);
    expect((await f.store.users.findByEmail(ada.email))?.passwordHash).toMatch(/^\$2b\$05\$/);
    held.release();
    expect((await change).ok).toBe(true);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await f.auth.login({ ...ada, password: NEW })).ok).toBe(true);
  });

  it("keeps the change when two changes from two sessions race: one wins, the other changes nothing", async () => {
    const f = fixture();
    const first = await registered(f);
    const second = await f.auth.login(ada);
    if (!second.ok) throw new Error(second.error);
    const held = f.hasher.hold("hash");
    const slow = f.auth.changePassword({ session: first.session, currentPassword: ada.password, newPassword: `${NEW} slow`, userAgent: null });
    await held.reached;
    const fast = await f.auth.changePassword({ session: second.session, currentPassword: ada.password, newPassword: `${NEW} fast`, userAgent: null });
    expect(fast.ok).toBe(true);
    held.release();
    expect(await slow).toEqual({ ok: false, error: "password_changed_meanwhile" });
    expect((await f.auth.login({ ...ada, password: `${NEW} fast` })).ok).toBe(true);
    expect((await f.auth.login({ ...ada, password: `${NEW} slow` })).ok).toBe(false);
  });
});
