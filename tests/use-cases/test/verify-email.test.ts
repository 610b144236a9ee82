import { describe, expect, it } from "vitest";
import { ada, fixture, registered, type Fixture } from "./fixture.js";
import { deliverAll, linkToken, pendingIntents } from "./mail.js";

const DAY = 24 * 60 * 60 * 1000;
const NEW_EMAIL = "ada.new@example.org";

async function signedUp() {
  const f = fixture();
  const first = await registered(f);
  const verifyToken = await linkToken(f, "verify_email", ada.email);
  return { ...f, first, verifyToken };
}

/** Asks to move the account to `to` and answers the confirmation link's token. */
async function changeLink(f: Fixture & { first: Awaited<ReturnType<typeof registered>> }, to = NEW_EMAIL, password: string = ada.password) {
  const asked = await f.auth.requestEmailChange({ session: f.first.session, newEmail: to, currentPassword: password });
  if (!asked.ok) throw new Error(asked.error);
  const letters = await deliverAll(f);
  const link = letters.find((letter) => letter.kind === "confirm_email_change" && letter.to === to);
  if (!link?.token) throw new Error("no confirmation link");
  return link.token;
}

const userOf = (f: Fixture, id: string) => f.store.users.findById(id);

describe("verify email", () => {
  it("a verification link marks the address verified, once", async () => {
    const f = await signedUp();
    expect(await f.auth.verifyEmail(f.verifyToken)).toEqual({ ok: true, userId: f.first.user.id, changed: false });
    expect(await userOf(f, f.first.user.id)).toMatchObject({ email: ada.email, emailVerified: true });
    expect(await f.auth.verifyEmail(f.verifyToken)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("shows at once in every session", async () => {
    const f = await signedUp();
    await f.auth.verifyEmail(f.verifyToken);
    expect(await f.auth.authenticate(f.first.token)).toMatchObject({ ok: true, user: { emailVerified: true } });
  });

  it("refuses an unknown, malformed or expired token", async () => {
    const f = await signedUp();
    expect(await f.auth.verifyEmail("A".repeat(43))).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.verifyEmail("")).toEqual({ ok: false, error: "invalid_token" });
    f.clock.advance(DAY);
    expect(await f.auth.verifyEmail(f.verifyToken)).toEqual({ ok: false, error: "invalid_token" });
    expect((await userOf(f, f.first.user.id))?.emailVerified).toBe(false);
  });

  it("an email-change link moves the account to the new address, verified, with a notice to the old one", async () => {
    const f = await signedUp();
    const token = await changeLink(f);
    expect(await f.auth.verifyEmail(token)).toEqual({ ok: true, userId: f.first.user.id, changed: true });
    expect(await userOf(f, f.first.user.id)).toMatchObject({ email: NEW_EMAIL, emailVerified: true });
    expect(await pendingIntents(f)).toEqual([{ kind: "email_changed", userId: f.first.user.id, to: ada.email, newEmail: NEW_EMAIL }]);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.login({ ...ada, email: NEW_EMAIL })).toMatchObject({ ok: true });
    // The old address is free for anyone now.
    expect((await f.auth.register({ ...ada, password: "another horse" })).ok).toBe(true);
    expect(await f.auth.verifyEmail(token)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("answers email_taken when the new address got an account meanwhile, and changes nothing", async () => {
    const f = await signedUp();
    const token = await changeLink(f);
    await registered(f, { email: NEW_EMAIL });
    expect(await f.auth.verifyEmail(token)).toEqual({ ok: false, error: "email_taken" });
    expect(await userOf(f, f.first.user.id)).toMatchObject({ email: ada.email });
    expect(await pendingIntents(f)).not.toContainEqual(expect.objectContaining({ kind: "email_changed" }));
  });

  it("a verification link to an address the account has left is void", async () => {
    const f = await signedUp();
    await f.auth.verifyEmail(await changeLink(f));
    expect(await f.auth.verifyEmail(f.verifyToken)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("an email-change link is void once the account moved elsewhere, or its password changed", async () => {
    const f = await signedUp();
    const stale = await changeLink(f);
    // Moved by another way meanwhile (not a newer link, which would supersede this one).
    expect(await f.store.users.changeEmail(f.first.user.id, ada.email, "elsewhere@example.org")).toEqual({ ok: true });
    expect(await f.auth.verifyEmail(stale)).toEqual({ ok: false, error: "invalid_token" });
    expect((await userOf(f, f.first.user.id))?.email).toBe("elsewhere@example.org");

    const g = await signedUp();
    const before = await changeLink(g);
    await g.auth.changePassword({ session: g.first.session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null });
    expect(await g.auth.verifyEmail(before)).toEqual({ ok: false, error: "invalid_token" });
    expect((await userOf(g, g.first.user.id))?.email).toBe(ada.email);
  });

  it("a newer email-change request supersedes the older link", async () => {
    const f = await signedUp();
    const older = await changeLink(f, "first.choice@example.org");
    const newer = await changeLink(f, "second.choice@example.org");
    expect(await f.auth.verifyEmail(older)).toEqual({ ok: false, error: "invalid_token" });
    expect(await f.auth.verifyEmail(newer)).toMatchObject({ ok: true, changed: true });
  });
});
