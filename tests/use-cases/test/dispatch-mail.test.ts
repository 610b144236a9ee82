import type { MailIntent, OutboxEntry } from "@tessera/domain/mail";
import { describe, expect, it } from "vitest";
import { ada, fixture, registered, type Fixture } from "./fixture.js";
import { pending } from "./mail.js";

const HOUR = 60 * 60 * 1000;
const bob = "bob@example.org";

/** An entry of the outbox holding this intent, as the courier would find it. */
async function entryFor(f: Fixture, intent: MailIntent): Promise<OutboxEntry> {
  const before = new Set((await pending(f)).map((entry) => entry.id));
  await f.store.outbox.add(intent, f.clock.now());
  const added = (await pending(f)).find((entry) => !before.has(entry.id));
  if (!added) throw new Error("the outbox kept nothing");
  return added;
}

const dispatch = async (f: Fixture, intent: MailIntent) => f.auth.dispatchMail(await entryFor(f, intent), f.clock.now());

/** Whether a token from a letter is stored (by digest) as a token of this kind; takes it. */
async function stored(f: Fixture, token: string | undefined, kind: "reset" | "verify" | "email_change") {
  const digest = f.deps.tokens.digest(token ?? "");
  return digest === null ? null : f.store.accountTokens.take(digest, [kind]);
}

describe("mail dispatch: an outbox entry becomes a letter, or nothing", () => {
  it("verify_email: a link to the account's address, its token stored by digest only, working 24 hours", async () => {
    const f = fixture();
    const { user } = await registered(f);
    const letter = await dispatch(f, { kind: "verify_email", userId: user.id });
    expect(letter).toEqual({ kind: "verify_email", to: ada.email, userId: user.id, token: expect.stringMatching(/^[\w-]{43,}$/), validForMs: 24 * HOUR });
    expect(await stored(f, letter?.token, "verify")).toMatchObject({ userId: user.id, email: ada.email, expiresAt: new Date(f.clock.now().getTime() + 24 * HOUR) });
  });

  it("verify_email: nothing for an account that is gone, or verified already", async () => {
    const f = fixture();
    expect(await dispatch(f, { kind: "verify_email", userId: "no-such-user" })).toBeNull();
    const { user } = await registered(f);
    await f.store.users.markEmailVerified(user.id, user.email);
    expect(await dispatch(f, { kind: "verify_email", userId: user.id })).toBeNull();
  });

  it("password_reset: a link working one hour for a known address, nothing for an unknown one", async () => {
    const f = fixture();
    const { user } = await registered(f);
    const letter = await dispatch(f, { kind: "password_reset", email: ada.email });
    expect(letter).toEqual({ kind: "password_reset", to: ada.email, userId: user.id, token: expect.stringMatching(/^[\w-]{43,}$/), validForMs: HOUR });
    expect(await stored(f, letter?.token, "reset")).toMatchObject({ userId: user.id, kind: "reset", credentialVersion: 1 });
    expect(await dispatch(f, { kind: "password_reset", email: "nobody@example.org" })).toBeNull();
  });

  it("password_reset: at most 3 letters per account an hour, each entry counted once however often it is tried", async () => {
    const f = fixture();
    await registered(f);
    const first = await entryFor(f, { kind: "password_reset", email: ada.email });
    // The mail server was down: the same entry is tried again and again. Each try makes a new
    // token, voiding the one before, and counts once.
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) {
      const letter = await f.auth.dispatchMail({ ...first, attempts: i }, f.clock.now());
      expect(letter?.kind).toBe("password_reset");
      tokens.push(letter!.token!);
    }
    expect(await stored(f, tokens[0], "reset")).toBeNull();
    expect(await stored(f, tokens[4], "reset")).not.toBeNull();

    expect(await dispatch(f, { kind: "password_reset", email: ada.email })).not.toBeNull();
    expect(await dispatch(f, { kind: "password_reset", email: ada.email })).not.toBeNull();
    expect(await dispatch(f, { kind: "password_reset", email: ada.email })).toBeNull();
    // The first entry still holds its place: one more try of it still goes out.
    expect(await f.auth.dispatchMail({ ...first, attempts: 5 }, f.clock.now())).not.toBeNull();
    // Another account has limits of its own.
    await registered(f, { email: bob });
    expect(await dispatch(f, { kind: "password_reset", email: bob })).not.toBeNull();
    f.clock.advance(HOUR);
    expect(await dispatch(f, { kind: "password_reset", email: ada.email })).not.toBeNull();
  });

  it("confirm_email_change: a link to the new address, for that address only", async () => {
    const f = fixture();
    const { user } = await registered(f);
    const letter = await dispatch(f, { kind: "confirm_email_change", userId: user.id, newEmail: "new@example.org" });
    expect(letter).toEqual({
      kind: "confirm_email_change",
      to: "new@example.org",
      userId: user.id,
      newEmail: "new@example.org",
      token: expect.stringMatching(/^[\w-]{43,}$/),
      validForMs: 24 * HOUR,
    });
    expect(await stored(f, letter?.token, "email_change")).toMatchObject({ userId: user.id, email: ada.email, newEmail: "new@example.org" });
  });

  it("confirm_email_change: no link to an address that has an account, and none for an account that is gone", async () => {
    const f = fixture();
    const { user } = await registered(f);
    await registered(f, { email: bob });
    expect(await dispatch(f, { kind: "confirm_email_change", userId: user.id, newEmail: bob })).toBeNull();
    expect(await dispatch(f, { kind: "confirm_email_change", userId: "no-such-user", newEmail: "new@example.org" })).toBeNull();
  });

  it.each([
    [
      { kind: "email_change_requested", userId: "u1", to: ada.email, newEmail: "new@example.org" },
      { kind: "email_change_requested", userId: "u1", to: ada.email, newEmail: "new@example.org" },
    ],
    [
      { kind: "email_changed", userId: "u1", to: ada.email, newEmail: "new@example.org" },
      { kind: "email_changed", userId: "u1", to: ada.email, newEmail: "new@example.org" },
    ],
    [{ kind: "password_changed", userId: "u1", to: ada.email }, { kind: "password_changed", userId: "u1", to: ada.email }],
    [{ kind: "password_reset_done", userId: "u1", to: ada.email }, { kind: "password_reset_done", userId: "u1", to: ada.email }],
  ] as const)("notice %o: a letter without a link, to the address named", async (intent, letter) => {
    const f = fixture();
    expect(await dispatch(f, intent)).toEqual(letter);
  });
});
