import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { deliverAll, linkToken, pending, pendingIntents } from "./mail.js";

/*
 * Edges of the recovery use cases that the mutation run showed untested: what a change leaves in
 * the outbox, which links a password change voids, how a race between a link and a move ends,
 * and that a trusted device keeps its standing when the current password is asked again.
 */
const NEW_EMAIL = "ada.new@example.org";

describe("recovery edges", () => {
  it("a password change queues a notice to the account's address, naming the user", async () => {
    const f = fixture();
    const { session, user } = await registered(f);
    await deliverAll(f);
    const changed = await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null, clientAddress: null });
    expect(changed.ok).toBe(true);
    expect(await pendingIntents(f)).toEqual([{ kind: "password_changed", userId: user.id, to: ada.email }]);
  });

  it("keeps the user's id on every queued entry, for deletion to find", async () => {
    const f = fixture();
    const { user } = await registered(f);
    expect((await pending(f)).map((entry) => entry.userId)).toEqual([user.id]);
  });

  it("leaves a verification link working through a password change (it proves the address, not the password)", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const token = await linkToken(f, "verify_email", ada.email);
    await f.auth.changePassword({ session, currentPassword: ada.password, newPassword: "new battery staple", userAgent: null, clientAddress: null });
    expect(await f.auth.verifyEmail(token)).toMatchObject({ ok: true, changed: false });
  });

  it("a verification link whose account moves between redeeming it and marking it is void", async () => {
    const f = fixture();
    const { user } = await registered(f);
    const token = await linkToken(f, "verify_email", ada.email);
    const mark = f.store.users.markEmailVerified.bind(f.store.users);
    f.store.users.markEmailVerified = async (id, email) => {
      await f.store.users.changeEmail(user.id, ada.email, NEW_EMAIL);
      return mark(id, email);
    };
    // The link proved the old address, which the account no longer has.
    expect(await f.auth.verifyEmail(token)).toEqual({ ok: false, error: "invalid_token" });
    expect((await f.store.users.findById(user.id))?.email).toBe(NEW_EMAIL);
  });

  it("an email-change link whose account moves elsewhere meanwhile is void, not email_taken", async () => {
    const f = fixture();
    const { session, user } = await registered(f);
    await deliverAll(f);
    await f.auth.requestEmailChange({ session, newEmail: NEW_EMAIL, currentPassword: ada.password });
    const token = await linkToken(f, "confirm_email_change", NEW_EMAIL);
    const move = f.store.users.changeEmail.bind(f.store.users);
    f.store.users.changeEmail = async (id, from, to) => {
      await move(user.id, ada.email, "ada.elsewhere@example.org");
      return move(id, from, to);
    };
    expect(await f.auth.verifyEmail(token)).toEqual({ ok: false, error: "invalid_token" });
    expect((await f.store.users.findById(user.id))?.email).toBe("ada.elsewhere@example.org");
  });

  it("two deletions at once: one removes the account, the other answers no_session", async () => {
    const f = fixture();
    const { session } = await registered(f);
    const remove = () => f.auth.deleteAccount({ session, currentPassword: ada.password, clientAddress: null });
    const outcomes = await Promise.all([remove(), remove()]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, error: "no_session" }]);
  });

  describe("the current password asked from a trusted device, with the account locked by guesses from elsewhere", () => {
    async function lockedOut() {
      const f = fixture();
      const { session } = await registered(f);
      const phone = await f.auth.login(ada);
      if (!phone.ok || !phone.device) throw new Error("no device");
      for (let i = 0; i < 5; i++) await f.auth.login({ ...ada, password: `guess ${i}`, clientAddress: "203.0.113.66" });
      expect(await f.auth.login(ada)).toMatchObject({ ok: false, error: "too_many_attempts" });
      return { ...f, session, device: phone.device.token };
    }

    it("deletion goes through from the device", async () => {
      const f = await lockedOut();
      expect(await f.auth.deleteAccount({ session: f.session, currentPassword: ada.password, clientAddress: ada.clientAddress, deviceToken: f.device })).toMatchObject({ ok: true });
    });

    it("an email change goes through from the device", async () => {
      const f = await lockedOut();
      expect(
        await f.auth.requestEmailChange({ session: f.session, newEmail: NEW_EMAIL, currentPassword: ada.password, clientAddress: ada.clientAddress, deviceToken: f.device }),
      ).toMatchObject({ ok: true });
    });
  });
});
