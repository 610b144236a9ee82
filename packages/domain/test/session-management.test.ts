import { describe, expect, it } from "vitest";
import { createLogin } from "../src/login.js";
import { createRegister } from "../src/register.js";
import { createListSessions, createRevokeOtherSessions, createRevokeSession } from "../src/session-management.js";
import { fakeDeps } from "./fakes.js";

const DAY = 24 * 60 * 60 * 1000;
const ada = { email: "ada@example.org", password: "correct horse", userAgent: "first", clientAddress: null };

async function threeSessions() {
  const fixture = fakeDeps();
  const register = createRegister(fixture.deps);
  const login = createLogin(fixture.deps);
  const first = await register(ada);
  fixture.clock.advance(1000);
  const second = await login({ ...ada, userAgent: "second" });
  fixture.clock.advance(1000);
  const third = await login({ ...ada, userAgent: "third" });
  const other = await register({ ...ada, email: "bob@example.org" });
  if (!first.ok || !second.ok || !third.ok || !other.ok) throw new Error("not signed in");
  return { ...fixture, first, second, third, other };
}

describe("session management", () => {
  it("lists the user's valid sessions, newest first, and none of anyone else's", async () => {
    const { deps, first, second } = await threeSessions();
    await deps.sessions.expire(second.session.id);
    const listed = await createListSessions(deps)(first.user.id);
    expect(listed.map((s) => s.userAgent)).toEqual(["third", "first"]);
  });

  it("leaves out sessions past their expiry", async () => {
    const { deps, clock, first } = await threeSessions();
    clock.advance(14 * DAY);
    expect(await createListSessions(deps)(first.user.id)).toEqual([]);
  });

  it("revokes one of the user's own sessions, but not another user's", async () => {
    const { deps, first, second, other } = await threeSessions();
    const revoke = createRevokeSession(deps);
    expect(await revoke(first.user.id, other.session.id)).toBe(false);
    expect(await revoke(first.user.id, second.session.id)).toBe(true);
    expect(await revoke(first.user.id, second.session.id)).toBe(false);
  });

  it("revokes all the others and says how many", async () => {
    const { deps, first, other } = await threeSessions();
    expect(await createRevokeOtherSessions(deps)(first.user.id, first.session.id)).toBe(2);
    expect((await createListSessions(deps)(first.user.id)).map((s) => s.id)).toEqual([first.session.id]);
    expect((await createListSessions(deps)(other.user.id))).toHaveLength(1);
  });
});
