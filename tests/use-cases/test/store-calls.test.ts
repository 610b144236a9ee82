import { describe, expect, it, vi } from "vitest";
import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { ada, countingHasher, fixture, registered } from "./fixture.js";

/*
 * Paths a use case takes when the store changes under it, or when a request carries what cannot
 * be a token: forced here with spies on the real memory store.
 */

describe("what cannot be a token costs no store read", () => {
  it("authenticate answers no_session for a malformed token without asking the store", async () => {
    const f = fixture();
    const find = vi.spyOn(f.store.sessions, "findByTokenDigest");
    expect(await f.auth.authenticate("not a token")).toEqual({ ok: false, error: "no_session" });
    expect(find).not.toHaveBeenCalled();
  });

  it("a malformed or missing device token is no trust, and no store read", async () => {
    const f = fixture();
    await registered(f);
    const find = vi.spyOn(f.store.devices, "find");
    expect(await f.auth.login({ ...ada, deviceToken: "not a token" })).toMatchObject({ ok: true });
    expect(await f.auth.login({ ...ada, deviceToken: null })).toMatchObject({ ok: true });
    expect(find).not.toHaveBeenCalled();
  });

  it("records use with the time it was used", async () => {
    const f = fixture();
    const { token } = await registered(f);
    f.clock.advance(61_000);
    expect(await f.auth.authenticate(token)).toMatchObject({ ok: true, fresh: false, session: { lastUsedAt: f.clock.now() } });
  });
});

describe("a password change when the store changes under it", () => {
  it("answers no_session when the account is gone", async () => {
    const f = fixture();
    const { session } = await registered(f);
    vi.spyOn(f.store.users, "findById").mockResolvedValueOnce(null);
    expect(await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null })).toEqual({
      ok: false,
      error: "no_session",
    });
  });

  it("tries three times when only re-hashes of the same password keep getting there first, then gives up", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const change = vi.spyOn(f.store.users, "changePasswordHash").mockResolvedValue(false);
    expect(await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null })).toEqual({
      ok: false,
      error: "password_changed_meanwhile",
    });
    expect(change).toHaveBeenCalledTimes(3);
  });

  it("gives up at once when the account went away meanwhile", async () => {
    const f = fixture();
    const { session } = await registered(f);
    vi.spyOn(f.store.users, "changePasswordHash").mockResolvedValue(false);
    const original = f.store.users.findById.bind(f.store.users);
    // Found when the change starts; gone when it looks again after losing the compare-and-set.
    vi.spyOn(f.store.users, "findById").mockImplementationOnce(original).mockResolvedValue(null);
    expect(await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null })).toEqual({
      ok: false,
      error: "password_changed_meanwhile",
    });
  });

  it("ends its own new session when another change landed before it could check, and says so", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const original = f.store.users.findById.bind(f.store.users);
    // The check after the new session was made (the second look) sees a version that moved on again.
    vi.spyOn(f.store.users, "findById")
      .mockImplementationOnce(original)
      .mockImplementationOnce(async (id) => {
        const user = await original(id);
        return user && { ...user, credentialVersion: user.credentialVersion + 1 };
      });
    expect(await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null })).toEqual({
      ok: false,
      error: "password_changed_meanwhile",
    });
    expect(await f.auth.listSessions(session.userId)).toEqual([]);
  });
});

describe("a login when the account goes away while it runs", () => {
  it("ends the session it made, and answers invalid_credentials", async () => {
    const f = fixture();
    const { session } = await registered(f);
    vi.spyOn(f.store.users, "findById").mockResolvedValue(null);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.listSessions(session.userId)).toHaveLength(1);
  });
});

describe("the throttles' keys", () => {
  it("keeps each trusted device's failures apart", async () => {
    const f = fixture();
    await registered(f);
    const first = await f.auth.login(ada);
    const second = await f.auth.login(ada);
    if (!first.ok || !second.ok || !first.device || !second.device) throw new Error("no devices");
    for (let i = 0; i < 5; i++) await f.auth.login({ ...ada, password: "wrong horse", deviceToken: first.device.token });
    expect(await f.auth.login({ ...ada, deviceToken: first.device.token })).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, deviceToken: second.device.token })).toMatchObject({ ok: true });
  });

  it("counts no registration per address when no address is known", async () => {
    const f = fixture({ throttle: { ...fixture().deps.throttle, maxRegistrationsPerAddress: 1 } });
    for (let i = 0; i < 3; i++) expect((await f.auth.register({ ...ada, email: `n${i}@example.org`, clientAddress: null })).ok).toBe(true);
  });

  it("trusts the hasher's stand-in only as a stand-in: an unknown account never signs in", async () => {
    const f = fixture({ hasher: countingHasher(new BcryptPasswordHasher(4)) });
    expect(await f.auth.login({ ...ada, email: "nobody@example.org" })).toEqual({ ok: false, error: "invalid_credentials" });
  });
});
