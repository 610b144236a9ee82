import { describe, expect, it } from "vitest";
import { createAuthenticate } from "../src/authenticate.js";
import { createChangePassword } from "../src/change-password.js";
import { createLogin } from "../src/login.js";
import { createRegister } from "../src/register.js";
import { fakeDeps } from "./fakes.js";

const ada = { email: "ada@example.org", password: "correct horse", userAgent: null, clientAddress: null };

async function signedInTwice() {
  const fixture = fakeDeps();
  const first = await createRegister(fixture.deps)(ada);
  const second = await createLogin(fixture.deps)(ada);
  if (!first.ok || !second.ok) throw new Error("not signed in");
  return { ...fixture, first, second, change: createChangePassword(fixture.deps), authenticate: createAuthenticate(fixture.deps) };
}

describe("change password", () => {
  it("replaces the password, ends every session of the user, and starts a new one", async () => {
    const { change, first, second, authenticate, deps } = await signedInTwice();
    const outcome = await change({ session: first.session, currentPassword: "correct horse", newPassword: "new battery staple", userAgent: null });
    if (!outcome.ok) throw new Error(outcome.error);

    expect((await authenticate(first.token)).ok).toBe(false);
    expect((await authenticate(second.token)).ok).toBe(false);
    expect((await authenticate(outcome.token)).ok).toBe(true);
    const login = createLogin(deps);
    expect(await login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await login({ ...ada, password: "new battery staple" })).toMatchObject({ ok: true });
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const { change, first, authenticate } = await signedInTwice();
    const outcome = await change({ session: first.session, currentPassword: "wrong horse", newPassword: "new battery staple", userAgent: null });
    expect(outcome).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await authenticate(first.token)).ok).toBe(true);
  });

  it.each([
    ["short", "password_too_short"],
    ["x".repeat(73), "password_too_long"],
    ["Password1", "password_too_common"],
  ])("refuses the new password %j with %s", async (newPassword, error) => {
    const { change, first } = await signedInTwice();
    expect(await change({ session: first.session, currentPassword: "correct horse", newPassword, userAgent: null })).toEqual({ ok: false, error });
  });
});
