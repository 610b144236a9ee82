import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { deliverAll, pendingIntents } from "./mail.js";

const NEW_EMAIL = "ada.new@example.org";

async function signedUp() {
  const f = fixture();
  const first = await registered(f);
  await deliverAll(f);
  const ask = (currentPassword: string, newEmail = NEW_EMAIL) =>
    f.auth.requestEmailChange({ session: first.session, newEmail, currentPassword, clientAddress: ada.clientAddress });
  return { ...f, first, ask };
}

describe("request an email change", () => {
  it("queues a confirmation link to the new address and a notice to the old one; the address stays until the link is used", async () => {
    const f = await signedUp();
    expect(await f.ask(ada.password, "  Ada.New@Example.org ")).toEqual({ ok: true });
    expect(await pendingIntents(f)).toEqual([
      { kind: "confirm_email_change", userId: f.first.user.id, newEmail: NEW_EMAIL },
      { kind: "email_change_requested", userId: f.first.user.id, to: ada.email, newEmail: NEW_EMAIL },
    ]);
    expect((await f.store.users.findById(f.first.user.id))?.email).toBe(ada.email);
    expect((await f.auth.authenticate(f.first.token)).ok).toBe(true);
  });

  it("answers the same whether or not the new address has an account (the courier sends no link there)", async () => {
    const f = await signedUp();
    await registered(f, { email: "bob@example.org" });
    await deliverAll(f);
    expect(await f.ask(ada.password, "bob@example.org")).toEqual({ ok: true });
    expect((await deliverAll(f)).map((letter) => [letter.kind, letter.to])).toEqual([["email_change_requested", ada.email]]);
  });

  it("refuses the account's own address, however written, and an address that is not one", async () => {
    const f = await signedUp();
    expect(await f.ask(ada.password, " ADA@example.org")).toEqual({ ok: false, error: "same_email" });
    expect(await f.ask(ada.password, "not an address")).toEqual({ ok: false, error: "invalid_email" });
    expect(await pendingIntents(f)).toEqual([]);
  });

  it("refuses a wrong current password and queues nothing", async () => {
    const f = await signedUp();
    expect(await f.ask("wrong horse")).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await pendingIntents(f)).toEqual([]);
  });

  it("throttles guesses of the current password like failed logins, both ways", async () => {
    const f = await signedUp();
    for (let i = 0; i < 5; i++) expect(await f.ask(`guess ${i}`)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.ask(ada.password)).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await pendingIntents(f)).toEqual([]);

    const g = await signedUp();
    for (let i = 0; i < 5; i++) await g.auth.login({ ...ada, password: `guess ${i}` });
    expect(await g.ask(ada.password)).toMatchObject({ error: "too_many_attempts" });
  });

  it("verifies no more wrong passwords than the limit, however parallel", async () => {
    const f = await signedUp();
    const before = f.hasher.verifications;
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => f.ask(`guess ${i}`)));
    expect(outcomes.filter((o) => !o.ok && o.error === "invalid_credentials")).toHaveLength(5);
    expect(f.hasher.verifications - before).toBe(5);
  });

  it("a right password clears the account's failures", async () => {
    const f = await signedUp();
    for (let i = 0; i < 4; i++) await f.ask(`guess ${i}`);
    expect(await f.ask(ada.password)).toEqual({ ok: true });
    for (let i = 0; i < 4; i++) await f.auth.login({ ...ada, password: `guess ${i}` });
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
  });

  it("answers no_session for an account that is gone", async () => {
    const f = await signedUp();
    await f.store.users.delete(f.first.user.id);
    expect(await f.ask(ada.password)).toEqual({ ok: false, error: "no_session" });
  });
});
