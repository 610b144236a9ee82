import { describe, expect, it, vi } from "vitest";
import { fixture, registered } from "./fixture.js";

const DAY = 24 * 60 * 60 * 1000;

async function signedIn() {
  const f = fixture();
  const { token } = await registered(f);
  const renew = vi.spyOn(f.store.sessions, "renew");
  const touch = vi.spyOn(f.store.sessions, "touch");
  return { ...f, token, writes: () => renew.mock.calls.length + touch.mock.calls.length };
}

describe("authenticate", () => {
  it("finds the session and its user without writing", async () => {
    const { auth, token, writes } = await signedIn();
    expect(await auth.authenticate(token)).toMatchObject({ ok: true, fresh: false, user: { email: "ada@example.org" } });
    expect(writes()).toBe(0);
  });

  it("refuses an unknown or malformed token", async () => {
    const { auth } = await signedIn();
    expect(await auth.authenticate("A".repeat(43))).toEqual({ ok: false, error: "no_session" });
    expect(await auth.authenticate("garbage")).toEqual({ ok: false, error: "no_session" });
  });

  it("refuses an expired session even if the store still has it", async () => {
    const { auth, token, clock } = await signedIn();
    clock.advance(14 * DAY);
    expect(await auth.authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });

  it("records use at most once per interval", async () => {
    const { auth, token, clock, writes } = await signedIn();
    clock.advance(59_000);
    await auth.authenticate(token);
    expect(writes()).toBe(0);
    clock.advance(1_000);
    await auth.authenticate(token);
    await auth.authenticate(token);
    expect(writes()).toBe(1);
  });

  it("renews at half-life and says the cookie must be re-sent", async () => {
    const { auth, token, clock } = await signedIn();
    clock.advance(7 * DAY);
    expect(await auth.authenticate(token)).toMatchObject({ ok: true, fresh: false });
    clock.advance(1);
    const renewed = await auth.authenticate(token);
    expect(renewed).toMatchObject({ ok: true, fresh: true, session: { expiresAt: new Date(clock.now().getTime() + 14 * DAY) } });
    expect(await auth.authenticate(token)).toMatchObject({ ok: true, fresh: false, session: { expiresAt: new Date(clock.now().getTime() + 14 * DAY) } });
  });

  it("stops at the absolute limit: the user logs in again", async () => {
    const { auth, token, clock } = await signedIn();
    // Used every 6 days: renewed on day 12 (to 26) and day 24 (capped at 30).
    for (let day = 6; day <= 24; day += 6) {
      clock.advance(6 * DAY);
      expect((await auth.authenticate(token)).ok).toBe(true);
    }
    clock.advance(6 * DAY - 1);
    expect((await auth.authenticate(token)).ok).toBe(true);
    clock.advance(1);
    expect(await auth.authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });

  it("never succeeds after logout, and a renewal racing the logout does not bring it back", async () => {
    const { auth, token, clock } = await signedIn();
    const outcome = await auth.authenticate(token);
    if (!outcome.ok) throw new Error("not signed in");
    clock.advance(8 * DAY);
    const [, racing] = await Promise.all([auth.logout(outcome.session), auth.authenticate(token)]);
    expect(racing).toEqual({ ok: false, error: "no_session" });
    expect(await auth.authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });
});
