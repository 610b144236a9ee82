import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { deliverAll, resetToken } from "./mail.js";

/*
 * Recovery racing sign-ins and password changes, each interleaving forced step by step: the hasher
 * holds one call until the test lets it go, so the other use case lands exactly in between.
 */

const RESET = "reset battery staple";
const CHANGED = "changed battery staple";

async function withResetLink() {
  const f = fixture();
  const first = await registered(f);
  await deliverAll(f);
  const token = await resetToken(f, ada.email);
  return { ...f, first, token, reset: () => f.auth.resetPassword({ token, newPassword: RESET }) };
}

describe("a reset racing a login with the old password", () => {
  it("leaves no session of a login whose check of the old password passed before the reset", async () => {
    const f = await withResetLink();
    // The login has verified the old password and has not made its session yet...
    const held = f.hasher.hold("verify");
    const login = f.auth.login(ada);
    await held.reached;
    // ...when the reset lands.
    expect((await f.reset()).ok).toBe(true);
    held.release();
    expect(await login).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.listSessions(f.first.user.id)).toEqual([]);
  });

  it("ends the session of a login that made it while the reset was hashing the new password", async () => {
    const f = await withResetLink();
    // The reset has taken its token and is about to hash the new password...
    const held = f.hasher.hold("hash");
    const reset = f.reset();
    await held.reached;
    // ...when a login with the (still current) old password completes.
    const login = await f.auth.login(ada);
    if (!login.ok) throw new Error(login.error);
    held.release();
    expect((await reset).ok).toBe(true);
    expect((await f.auth.authenticate(login.token)).ok).toBe(false);
    expect(await f.auth.listSessions(f.first.user.id)).toEqual([]);
  });
});

describe("a login racing the deletion of the account", () => {
  it("leaves no session of a login whose check passed before the account was deleted", async () => {
    const f = fixture();
    const first = await registered(f);
    const held = f.hasher.hold("verify");
    const login = f.auth.login(ada);
    await held.reached;
    expect((await f.auth.deleteAccount({ session: first.session, currentPassword: ada.password })).ok).toBe(true);
    held.release();
    const outcome = await login;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) expect((await f.auth.authenticate(outcome.token)).ok).toBe(false);
    expect(await f.store.sessions.listValid(first.user.id, f.clock.now())).toEqual([]);
  });

  it("ends the session of a login that completed while the deletion was checking the password", async () => {
    const f = fixture();
    const first = await registered(f);
    // The deletion has checked the password and has not deleted anything yet...
    const held = f.hasher.hold("verify");
    const deletion = f.auth.deleteAccount({ session: first.session, currentPassword: ada.password });
    await held.reached;
    // ...when a login completes.
    const login = await f.auth.login(ada);
    if (!login.ok || !login.device) throw new Error("not signed in");
    held.release();
    expect((await deletion).ok).toBe(true);
    expect((await f.auth.authenticate(login.token)).ok).toBe(false);
    expect(await f.store.sessions.listValid(first.user.id, f.clock.now())).toEqual([]);
    expect(await f.store.devices.find(f.deps.tokens.digest(login.device.token)!)).toBeNull();
  });
});

describe("a reset racing a password change: exactly one wins", () => {
  it("the change lands while the reset hashes: the reset changes nothing", async () => {
    const f = await withResetLink();
    const held = f.hasher.hold("hash");
    const reset = f.reset();
    await held.reached;
    const change = await f.auth.changePassword({ session: f.first.session, currentPassword: ada.password, newPassword: CHANGED, userAgent: null });
    expect(change.ok).toBe(true);
    held.release();
    expect(await reset).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.login({ ...ada, password: RESET })).toEqual({ ok: false, error: "invalid_credentials" });
    const login = await f.auth.login({ ...ada, password: CHANGED });
    expect(login.ok).toBe(true);
    // The change's own new session stands: the losing reset ended nothing.
    if (change.ok) expect((await f.auth.authenticate(change.token)).ok).toBe(true);
  });

  it("the reset lands while the change hashes: the change changes nothing", async () => {
    const f = await withResetLink();
    const held = f.hasher.hold("hash");
    const change = f.auth.changePassword({ session: f.first.session, currentPassword: ada.password, newPassword: CHANGED, userAgent: null });
    await held.reached;
    expect((await f.reset()).ok).toBe(true);
    held.release();
    expect(await change).toEqual({ ok: false, error: "password_changed_meanwhile" });
    expect(await f.auth.login({ ...ada, password: CHANGED })).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await f.auth.login({ ...ada, password: RESET })).ok).toBe(true);
    expect((await f.auth.listSessions(f.first.user.id)).length).toBe(1);
  });

  it("run at once, without holding either: exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      const f = await withResetLink();
      const [reset, change] = await Promise.all([
        f.reset(),
        f.auth.changePassword({ session: f.first.session, currentPassword: ada.password, newPassword: CHANGED, userAgent: null }),
      ]);
      expect([reset.ok, change.ok].filter(Boolean)).toHaveLength(1);
      const winner = reset.ok ? RESET : CHANGED;
      const loser = reset.ok ? CHANGED : RESET;
      expect((await f.auth.login({ ...ada, password: winner })).ok).toBe(true);
      expect((await f.auth.login({ ...ada, password: loser })).ok).toBe(false);
    }
  });
});
