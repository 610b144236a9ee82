import { describe, expect, it } from "vitest";
import { fixture, registered } from "./fixture.js";
import { deliverAll, pendingIntents } from "./mail.js";

const MINUTE = 60 * 1000;

async function signedUp() {
  const f = fixture();
  const first = await registered(f);
  await deliverAll(f); // the registration's own letter: not counted against resends
  return { ...f, first, resend: () => f.auth.resendVerification(first.user.id) };
}

describe("resend verification", () => {
  it("queues a verification mail for the account", async () => {
    const f = await signedUp();
    expect(await f.resend()).toEqual({ ok: true, queued: true });
    expect(await pendingIntents(f)).toEqual([{ kind: "verify_email", userId: f.first.user.id }]);
  });

  it("allows 3 an hour, then answers too_many_attempts until a slot frees up", async () => {
    const f = await signedUp();
    for (let i = 0; i < 3; i++) {
      expect(await f.resend()).toEqual({ ok: true, queued: true });
      f.clock.advance(10 * MINUTE);
    }
    expect(await f.resend()).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 30 * 60 });
    expect(await pendingIntents(f)).toHaveLength(3);
    // Another account is not held back by this one.
    const other = await registered(f, { email: "bob@example.org" });
    expect(await f.auth.resendVerification(other.user.id)).toEqual({ ok: true, queued: true });
    f.clock.advance(30 * MINUTE);
    expect(await f.resend()).toEqual({ ok: true, queued: true });
  });

  it("queues nothing for an address verified already, with the same answer, and counts nothing", async () => {
    const f = await signedUp();
    await f.store.users.markEmailVerified(f.first.user.id, f.first.user.email);
    for (let i = 0; i < 5; i++) expect(await f.resend()).toEqual({ ok: true, queued: false });
    expect(await pendingIntents(f)).toEqual([]);
    expect(await f.store.attempts.held(`verify-mail:${f.first.user.id}`, f.clock.now())).toEqual([]);
  });

  it("answers no_session for an account that is gone", async () => {
    const f = fixture();
    expect(await f.auth.resendVerification("no-such-user")).toEqual({ ok: false, error: "no_session" });
    expect(await pendingIntents(f)).toEqual([]);
  });
});
