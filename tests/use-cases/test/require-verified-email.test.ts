import { DEFAULT_RECOVERY_POLICY } from "@tessera/domain/recovery-policy";
import { describe, expect, it } from "vitest";
import { ada, fixture } from "./fixture.js";
import { deliverAll, linkToken, pendingIntents, resetToken } from "./mail.js";

const strict = () => fixture({ recovery: { ...DEFAULT_RECOVERY_POLICY, requireVerifiedEmail: true } });

describe("with recovery.requireVerifiedEmail", () => {
  it("register creates the account, starts no session, and queues a verification mail", async () => {
    const f = strict();
    const outcome = await f.auth.register(ada);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.session).toBeNull();
    expect(outcome).not.toHaveProperty("token");
    expect(await f.store.sessions.listValid(outcome.user.id, f.clock.now())).toEqual([]);
    expect(await pendingIntents(f)).toEqual([{ kind: "verify_email", userId: outcome.user.id }]);
  });

  it("login with the right password on an unverified account answers email_not_verified, and starts no session", async () => {
    const f = strict();
    const outcome = await f.auth.register(ada);
    if (!outcome.ok) throw new Error(outcome.error);
    await deliverAll(f);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "email_not_verified" });
    expect(await f.store.sessions.listValid(outcome.user.id, f.clock.now())).toEqual([]);
    // Nothing is sent: a new link would supersede the one from register.
    expect(await pendingIntents(f)).toEqual([]);
  });

  it("keeps the link from register valid through refused logins", async () => {
    const f = strict();
    await f.auth.register(ada);
    const token = await linkToken(f, "verify_email", ada.email);
    for (let i = 0; i < 3; i++) expect(await f.auth.login(ada)).toEqual({ ok: false, error: "email_not_verified" });
    await deliverAll(f);
    expect(await f.auth.verifyEmail(token)).toMatchObject({ ok: true });
    expect(await f.auth.login(ada)).toMatchObject({ ok: true, user: { emailVerified: true } });
  });

  it("lets a user who lost the link in through a password reset, which proves the address too", async () => {
    const f = strict();
    await f.auth.register(ada);
    await deliverAll(f);
    const reset = await f.auth.resetPassword({ token: await resetToken(f, ada.email), newPassword: "a brand new passphrase" });
    expect(reset).toMatchObject({ ok: true });
    expect(await f.auth.login({ ...ada, password: "a brand new passphrase" })).toMatchObject({ ok: true, user: { emailVerified: true } });
  });

  it("says nothing of the verification to someone without the password", async () => {
    const f = strict();
    await f.auth.register(ada);
    await deliverAll(f);
    expect(await f.auth.login({ ...ada, password: "wrong horse" })).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.login({ ...ada, email: "nobody@example.org" })).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await pendingIntents(f)).toEqual([]);
  });

  it("signs in once the address is verified", async () => {
    const f = strict();
    await f.auth.register(ada);
    expect(await f.auth.verifyEmail(await linkToken(f, "verify_email", ada.email))).toMatchObject({ ok: true });
    expect(await f.auth.login(ada)).toMatchObject({ ok: true, user: { emailVerified: true } });
  });
});

describe("without it (the default)", () => {
  it("register starts a session, and an unverified account signs in", async () => {
    const f = fixture();
    const outcome = await f.auth.register(ada);
    expect(outcome).toMatchObject({ ok: true, token: expect.any(String), user: { emailVerified: false } });
    expect(await pendingIntents(f)).toEqual([{ kind: "verify_email", userId: (outcome as { user: { id: string } }).user.id }]);
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
  });
});
