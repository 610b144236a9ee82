import { describe, expect, it } from "vitest";
import { createAuthenticate } from "../src/authenticate.js";
import { createLogout } from "../src/logout.js";
import { createRegister } from "../src/register.js";
import { fakeDeps } from "./fakes.js";

const DAY = 24 * 60 * 60 * 1000;

async function signedIn() {
  const fixture = fakeDeps();
  const outcome = await createRegister(fixture.deps)({ email: "ada@example.org", password: "correct horse", userAgent: null });
  if (!outcome.ok) throw new Error("registration failed");
  fixture.sessions.writes = 0;
  return { ...fixture, token: outcome.token, authenticate: createAuthenticate(fixture.deps) };
}

describe("authenticate", () => {
  it("finds the session and its user without writing", async () => {
    const { authenticate, token, sessions } = await signedIn();
    expect(await authenticate(token)).toMatchObject({ ok: true, fresh: false, user: { email: "ada@example.org" } });
    expect(sessions.writes).toBe(0);
  });

  it("refuses an unknown or malformed token", async () => {
    const { authenticate } = await signedIn();
    expect(await authenticate("token-999")).toEqual({ ok: false, error: "no_session" });
    expect(await authenticate("garbage")).toEqual({ ok: false, error: "no_session" });
  });

  it("refuses an expired session even if the store still has it", async () => {
    const { authenticate, token, clock } = await signedIn();
    clock.advance(14 * DAY);
    expect(await authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });

  it("records use at most once per interval", async () => {
    const { authenticate, token, clock, sessions } = await signedIn();
    clock.advance(59_000);
    await authenticate(token);
    expect(sessions.writes).toBe(0);
    clock.advance(1_000);
    await authenticate(token);
    await authenticate(token);
    expect(sessions.writes).toBe(1);
  });

  it("renews at half-life and says the cookie must be re-sent", async () => {
    const { authenticate, token, clock, sessions } = await signedIn();
    clock.advance(7 * DAY);
    expect(await authenticate(token)).toMatchObject({ ok: true, fresh: false });
    clock.advance(1);
    const renewed = await authenticate(token);
    expect(renewed).toMatchObject({ ok: true, fresh: true });
    const [stored] = sessions.all.values();
    expect(stored?.expiresAt).toEqual(new Date(clock.now().getTime() + 14 * DAY));
  });

  it("stops at the absolute limit: the user logs in again", async () => {
    const { authenticate, token, clock } = await signedIn();
    // Used every 6 days: renewed on day 12 (to 26) and day 24 (capped at 30).
    for (let day = 6; day <= 24; day += 6) {
      clock.advance(6 * DAY);
      expect((await authenticate(token)).ok).toBe(true);
    }
    clock.advance(6 * DAY - 1);
    expect((await authenticate(token)).ok).toBe(true);
    clock.advance(1);
    expect(await authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });

  it("never succeeds after logout", async () => {
    const { authenticate, token, deps } = await signedIn();
    const outcome = await authenticate(token);
    if (!outcome.ok) throw new Error("not signed in");
    await createLogout(deps)(outcome.session);
    expect(await authenticate(token)).toEqual({ ok: false, error: "no_session" });
  });
});
