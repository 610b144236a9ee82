import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { pending, resetToken } from "./mail.js";

const bob = "bob@example.org";

/** Ada with all the things an account gathers: sessions, devices, tokens, queued mail, throttle counts. */
async function livedIn() {
  const f = fixture();
  const first = await registered(f);
  const second = await f.auth.login(ada);
  if (!second.ok || !second.device) throw new Error("not signed in");
  const reset = await resetToken(f, ada.email);
  // More mail waiting for her: a verification link, an email change with its notice, a reset.
  await f.auth.resendVerification(first.user.id);
  await f.auth.requestEmailChange({ session: first.session, newEmail: "ada.new@example.org", currentPassword: ada.password });
  await f.auth.requestPasswordReset({ email: ada.email, clientAddress: null });
  await f.auth.login({ ...ada, password: "one wrong guess" });
  // Someone else's account and mail, which stay.
  const other = await registered(f, { email: bob });
  await f.auth.requestPasswordReset({ email: bob, clientAddress: null });
  const remove = (currentPassword: string = ada.password) => f.auth.deleteAccount({ session: first.session, currentPassword, clientAddress: ada.clientAddress });
  return { ...f, first, second, reset, other, remove };
}

describe("delete account", () => {
  it("removes the user: no login, no lookup, and the address is free again", async () => {
    const f = await livedIn();
    expect(await f.remove()).toEqual({ ok: true, userId: f.first.user.id });
    expect(await f.store.users.findById(f.first.user.id)).toBeNull();
    expect(await f.store.users.findByEmail(ada.email)).toBeNull();
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await f.auth.register(ada)).ok).toBe(true);
  });

  it("removes every session and device of the user", async () => {
    const f = await livedIn();
    await f.remove();
    expect((await f.auth.authenticate(f.first.token)).ok).toBe(false);
    expect((await f.auth.authenticate(f.second.token)).ok).toBe(false);
    expect(await f.store.sessions.listValid(f.first.user.id, f.clock.now())).toEqual([]);
    expect(await f.store.devices.find(f.deps.tokens.digest(f.second.device!.token)!)).toBeNull();
    // Someone else's session stays.
    expect((await f.auth.authenticate(f.other.token)).ok).toBe(true);
  });

  it("removes the user's mail tokens", async () => {
    const f = await livedIn();
    await f.remove();
    expect(await f.store.accountTokens.take(f.deps.tokens.digest(f.reset)!, ["reset"])).toBeNull();
  });

  it("removes every queued mail that names the user or the address, and only those", async () => {
    const f = await livedIn();
    const names = (intent: object) => JSON.stringify(intent).includes(f.first.user.id) || JSON.stringify(intent).includes(ada.email);
    expect((await pending(f)).filter(({ intent }) => names(intent)).length).toBeGreaterThanOrEqual(4);
    await f.remove();
    const left = (await pending(f)).map(({ intent }) => intent);
    expect(left.filter(names)).toEqual([]);
    expect(left).toContainEqual({ kind: "password_reset", email: bob });
  });

  it("removes the user's throttle counts, its devices' included", async () => {
    const f = await livedIn();
    // A wrong guess from her trusted device counts under the device.
    await f.auth.login({ ...ada, password: "a guess from her phone", deviceToken: f.second.device!.token });
    const device = `device:${f.deps.tokens.digest(f.second.device!.token)}`;
    const keys = [`account:${ada.email}`, `reset-mail:${f.first.user.id}`, `verify-mail:${f.first.user.id}`, device];
    for (const key of keys) expect(await f.store.attempts.held(key, f.clock.now()), key).not.toEqual([]);
    await f.remove();
    for (const key of keys) expect(await f.store.attempts.held(key, f.clock.now()), key).toEqual([]);
  });

  it("refuses a wrong password and removes nothing", async () => {
    const f = await livedIn();
    expect(await f.remove("wrong horse")).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.store.users.findById(f.first.user.id)).not.toBeNull();
    expect((await f.auth.authenticate(f.second.token)).ok).toBe(true);
  });

  it("throttles guesses of the password like failed logins", async () => {
    const f = await livedIn();
    for (let i = 0; i < 4; i++) expect(await f.remove(`guess ${i}`)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.remove()).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
    expect(await f.store.users.findById(f.first.user.id)).not.toBeNull();
  });

  it("answers no_session when the account is gone already", async () => {
    const f = await livedIn();
    expect((await f.remove()).ok).toBe(true);
    expect(await f.remove()).toEqual({ ok: false, error: "no_session" });
  });
});
