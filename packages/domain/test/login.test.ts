import { describe, expect, it } from "vitest";
import { createLogin } from "../src/login.js";
import { createRegister } from "../src/register.js";
import { fakeDeps, fakeHasher } from "./fakes.js";

const ada = { email: "ada@example.org", password: "correct horse", userAgent: null, clientAddress: "192.0.2.1" };

async function registered(overrides: Parameters<typeof fakeDeps>[0] = {}) {
  const fixture = fakeDeps(overrides);
  await createRegister(fixture.deps)(ada);
  return fixture;
}

describe("login", () => {
  it("starts a new session with its own token for the right password", async () => {
    const { deps, sessions } = await registered();
    const outcome = await createLogin(deps)({ ...ada, email: "  ADA@example.org" });
    expect(outcome).toMatchObject({ ok: true, user: { email: "ada@example.org" } });
    expect(sessions.all.size).toBe(2);
  });

  it("gives the same outcome, after the same work, for an unknown email and a wrong password", async () => {
    const { deps, hasher } = await registered();
    const login = createLogin(deps);

    const unknown = await login({ ...ada, email: "nobody@example.org" });
    const afterUnknown = hasher.verifications;
    const wrong = await login({ ...ada, password: "wrong horse" });

    expect(unknown).toEqual({ ok: false, error: "invalid_credentials" });
    expect(wrong).toEqual(unknown);
    expect(afterUnknown).toBe(1);
    expect(hasher.verifications).toBe(2);
  });

  it("refuses a password longer than bcrypt reads, even if its first 72 bytes match", async () => {
    const long = "p".repeat(72);
    const { deps, hasher } = fakeDeps();
    await createRegister(deps)({ ...ada, password: long });
    const outcome = await createLogin(deps)({ ...ada, password: `${long}extra` });
    expect(outcome).toEqual({ ok: false, error: "invalid_credentials" });
    expect(hasher.verifications).toBe(1);
  });

  it("answers invalid_email for a string that is not an address", async () => {
    const { deps } = await registered();
    expect(await createLogin(deps)({ ...ada, email: "ada" })).toEqual({ ok: false, error: "invalid_email" });
  });

  it("re-hashes the password when the configured cost changed", async () => {
    const { deps, users } = await registered();
    const [before] = users.all.values();
    const outcome = await createLogin({ ...deps, hasher: fakeHasher(12) })(ada);
    expect(outcome.ok).toBe(true);
    const [after] = users.all.values();
    expect(before?.passwordHash).toBe("cost10:correct horse");
    expect(after?.passwordHash).toBe("cost12:correct horse");
  });
});
