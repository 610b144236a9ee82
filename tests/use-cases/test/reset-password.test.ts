import { describe, expect, it, vi } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { deliverAll, linkToken, pendingIntents, resetToken } from "./mail.js";

const NEW = "new battery staple";
const HOUR = 60 * 60 * 1000;

async function withResetLink() {
  const f = fixture();
  const signedUp = await registered(f);
  await deliverAll(f); // the registration's verification letter, out of the way
  const token = await resetToken(f, ada.email);
  const reset = (newPassword = NEW, link = token) => f.auth.resetPassword({ token: link, newPassword });
  return { ...f, signedUp, token, reset };
}

describe("reset password", () => {
  it("sets the new password: it signs in, the old one no longer does", async () => {
    const f = await withResetLink();
    expect(await f.reset()).toEqual({ ok: true, userId: f.signedUp.user.id });
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.login({ ...ada, password: NEW })).toMatchObject({ ok: true });
  });

  it("takes a token once", async () => {
    const f = await withResetLink();
    expect((await f.reset()).ok).toBe(true);
    expect(await f.reset(`${NEW} again`)).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.login({ ...ada, password: `${NEW} again` })).toMatchObject({ ok: false });
  });

  it("refuses a token superseded by a newer request, and takes the newer one", async () => {
    const f = await withResetLink();
    const newer = await resetToken(f, ada.email);
    expect(await f.reset()).toEqual({ ok: false, error: "invalid_token" });
    expect((await f.reset(NEW, newer)).ok).toBe(true);
  });

  it("refuses a token once its hour is over", async () => {
    const f = await withResetLink();
    const spare = await resetToken(f, ada.email);
    f.clock.advance(HOUR - 1);
    expect((await f.reset(NEW, spare)).ok).toBe(true);
    const late = await resetToken(f, ada.email);
    f.clock.advance(HOUR);
    expect(await f.reset(`${NEW} late`, late)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("refuses what is not a reset token: unknown, malformed, or another kind (which stays usable)", async () => {
    const f = await withResetLink();
    expect(await f.reset(NEW, "A".repeat(43))).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.reset(NEW, "not a token")).toEqual({ ok: false, error: "invalid_token" });
    await f.auth.resendVerification(f.signedUp.user.id);
    const verify = await linkToken(f, "verify_email", ada.email);
    expect(await f.reset(NEW, verify)).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.verifyEmail(verify)).toMatchObject({ ok: true, changed: false });
    // ...and the other way round: a reset token sent to the verification form is not spent.
    expect(await f.auth.verifyEmail(f.token)).toEqual({ ok: false, error: "invalid_token" });
    expect((await f.reset()).ok).toBe(true);
  });

  it.each([
    ["short", "password_too_short"],
    ["x".repeat(73), "password_too_long"],
    ["Password1", "password_too_common"],
  ])("refuses the new password %j with %s before the token is spent", async (newPassword, error) => {
    const f = await withResetLink();
    expect(await f.reset(newPassword)).toEqual({ ok: false, error });
    expect((await f.reset()).ok).toBe(true);
  });

  it("ends every session of the user and starts none", async () => {
    const f = await withResetLink();
    const other = await f.auth.login(ada);
    if (!other.ok) throw new Error(other.error);
    expect((await f.reset()).ok).toBe(true);
    expect((await f.auth.authenticate(f.signedUp.token)).ok).toBe(false);
    expect((await f.auth.authenticate(other.token)).ok).toBe(false);
    expect(await f.auth.listSessions(f.signedUp.user.id)).toEqual([]);
  });

  it("forgets every trusted device of the user", async () => {
    const f = await withResetLink();
    const login = await f.auth.login(ada);
    if (!login.ok || !login.device) throw new Error("no device");
    const digest = (token: string) => f.deps.tokens.digest(token) as string;
    expect(await f.store.devices.find(digest(login.device.token))).not.toBeNull();
    expect((await f.reset()).ok).toBe(true);
    expect(await f.store.devices.find(digest(login.device.token))).toBeNull();
    expect(await f.store.devices.find(digest(f.signedUp.device!.token))).toBeNull();
  });

  it("lifts the account's lockout", async () => {
    const f = await withResetLink();
    for (let i = 0; i < 5; i++) await f.auth.login({ ...ada, password: `guess ${i}` });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect((await f.reset()).ok).toBe(true);
    expect(await f.auth.login({ ...ada, password: NEW })).toMatchObject({ ok: true });
  });

  it("counts the address as verified: the link proved the mailbox", async () => {
    const f = await withResetLink();
    expect((await f.store.users.findById(f.signedUp.user.id))?.emailVerified).toBe(false);
    expect((await f.reset()).ok).toBe(true);
    expect((await f.store.users.findById(f.signedUp.user.id))?.emailVerified).toBe(true);
  });

  it("queues a notice to the account's address, and only on success", async () => {
    const f = await withResetLink();
    await f.reset("short");
    await f.reset(NEW, "A".repeat(43));
    expect(await pendingIntents(f)).toEqual([]);
    expect((await f.reset()).ok).toBe(true);
    expect(await pendingIntents(f)).toEqual([{ kind: "password_reset_done", userId: f.signedUp.user.id, to: ada.email }]);
  });

  it("is void when the password changed after the link was made", async () => {
    const f = await withResetLink();
    const change = await f.auth.changePassword({ session: f.signedUp.session, currentPassword: ada.password, newPassword: "changed meanwhile", userAgent: null });
    expect(change.ok).toBe(true);
    expect(await f.reset()).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.login({ ...ada, password: "changed meanwhile" })).toMatchObject({ ok: true });
  });

  it("is void when the password changed after the link was made, even if the change left the token in the store", async () => {
    const f = await withResetLink();
    // Another instance's change, its tidying of old tokens not (yet) done: the version alone decides.
    vi.spyOn(f.store.accountTokens, "forgetAllOf").mockResolvedValue();
    const change = await f.auth.changePassword({ session: f.signedUp.session, currentPassword: ada.password, newPassword: "changed meanwhile", userAgent: null });
    expect(change.ok).toBe(true);
    expect(await f.reset()).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.login({ ...ada, password: "changed meanwhile" })).toMatchObject({ ok: true });
  });

  it("is void once the account has moved to another address", async () => {
    const f = await withResetLink();
    await f.store.users.changeEmail(f.signedUp.user.id, ada.email, "moved@example.org");
    expect(await f.reset()).toEqual({ ok: false, error: "invalid_token" });
  });
});
