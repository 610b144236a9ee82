import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";

const DAY = 24 * 60 * 60 * 1000;

async function threeSessions() {
  const f = fixture();
  const first = await registered(f, { userAgent: "first" });
  f.clock.advance(1000);
  const second = await f.auth.login({ ...ada, userAgent: "second" });
  f.clock.advance(1000);
  const third = await f.auth.login({ ...ada, userAgent: "third" });
  const other = await registered(f, { email: "bob@example.org" });
  if (!first.ok || !second.ok || !third.ok || !other.ok) throw new Error("not signed in");
  return { ...f, first, second, third, other };
}

describe("session management", () => {
  it("lists the user's valid sessions, newest first, and none of anyone else's", async () => {
    const { auth, first, second } = await threeSessions();
    await auth.logout(second.session);
    const listed = await auth.listSessions(first.user.id);
    expect(listed.map((s) => s.userAgent)).toEqual(["third", "first"]);
  });

  it("leaves out sessions past their expiry", async () => {
    const { auth, clock, first } = await threeSessions();
    clock.advance(14 * DAY);
    expect(await auth.listSessions(first.user.id)).toEqual([]);
  });

  it("revokes one of the user's own sessions, but not another user's", async () => {
    const { auth, first, second, other } = await threeSessions();
    expect(await auth.revokeSession(first.user.id, other.session.id)).toBe(false);
    expect(await auth.revokeSession(first.user.id, second.session.id)).toBe(true);
    expect(await auth.revokeSession(first.user.id, second.session.id)).toBe(false);
    expect((await auth.authenticate(second.token)).ok).toBe(false);
  });

  it("revokes all the others and says how many", async () => {
    const { auth, first, other } = await threeSessions();
    expect(await auth.revokeOtherSessions(first.user.id, first.session.id)).toBe(2);
    expect((await auth.listSessions(first.user.id)).map((s) => s.id)).toEqual([first.session.id]);
    expect(await auth.listSessions(other.user.id)).toHaveLength(1);
  });
});
