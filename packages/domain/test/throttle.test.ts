import { describe, expect, it } from "vitest";
import { createLogin, type LoginInput } from "../src/login.js";
import { createRegister } from "../src/register.js";
import { secondsUntilAllowed } from "../src/throttle.js";
import { fakeDeps } from "./fakes.js";

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const ada = { email: "ada@example.org", password: "correct horse", userAgent: null, clientAddress: "192.0.2.1" };
const wrong = { ...ada, password: "wrong horse" };

async function setUp() {
  const fixture = fakeDeps();
  await createRegister(fixture.deps)(ada);
  return { ...fixture, login: createLogin(fixture.deps) };
}

async function fail(login: (input: LoginInput) => Promise<unknown>, times: number, input: LoginInput = wrong) {
  for (let i = 0; i < times; i++) expect(await login(input)).toEqual({ ok: false, error: "invalid_credentials" });
}

describe("secondsUntilAllowed", () => {
  const now = new Date(60 * MINUTE);
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("allows while fewer than the limit of failures are in the window", () => {
    expect(secondsUntilAllowed([ago(3), ago(2)], 3, now, WINDOW)).toBeNull();
  });

  it("waits until the oldest failure that makes the limit leaves the window", () => {
    const failures = [ago(10 * MINUTE), ago(4 * MINUTE), ago(2 * MINUTE), ago(MINUTE)];
    expect(secondsUntilAllowed(failures, 3, now, WINDOW)).toBe(11 * 60);
  });

  it("never answers less than a second", () => {
    expect(secondsUntilAllowed([ago(WINDOW - 1)], 1, now, WINDOW)).toBe(1);
  });
});

describe("login throttling", () => {
  it("answers too_many_attempts after 5 failures, even to the right password", async () => {
    const { login } = await setUp();
    await fail(login, 5);
    expect(await login(ada)).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
  });

  it("tells how long to wait, and lets the account in once the failures leave the window", async () => {
    const { login, clock } = await setUp();
    await fail(login, 5);
    clock.advance(10 * MINUTE);
    expect(await login(ada)).toMatchObject({ error: "too_many_attempts", retryAfterSeconds: 5 * 60 });
    clock.advance(5 * MINUTE);
    expect(await login(ada)).toMatchObject({ ok: true });
  });

  it("does not count refused attempts: waiting out the window is enough", async () => {
    const { login, clock } = await setUp();
    await fail(login, 5);
    for (let i = 0; i < 10; i++) await login(ada);
    clock.advance(WINDOW);
    expect(await login(ada)).toMatchObject({ ok: true });
  });

  it("forgets the account's failures after a successful login", async () => {
    const { login } = await setUp();
    await fail(login, 4);
    expect(await login(ada)).toMatchObject({ ok: true });
    await fail(login, 5);
    expect(await login(ada)).toMatchObject({ error: "too_many_attempts" });
  });

  it("throttles an unknown email exactly like a known one", async () => {
    const { login } = await setUp();
    const nobody = { ...wrong, email: "nobody@example.org" };
    await fail(login, 5, nobody);
    expect(await login(nobody)).toMatchObject({ error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
  });

  it("counts every one of many parallel failures", async () => {
    const { login, attempts } = await setUp();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => login(wrong)));
    expect(outcomes.every((o) => (o as { error: string }).error === "invalid_credentials")).toBe(true);
    expect(attempts.all.filter((a) => a.key === "account:ada@example.org")).toHaveLength(8);
    expect(await login(ada)).toMatchObject({ error: "too_many_attempts" });
  });

  it("never holds up parallel logins with the right password: only failures count", async () => {
    const { login } = await setUp();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => login(ada)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it("limits one client address across accounts, separately from the per-account limit", async () => {
    const { deps } = await setUp();
    const login = createLogin({ ...deps, throttle: { ...deps.throttle, maxFailuresPerAddress: 3 } });
    for (let i = 0; i < 3; i++) await fail(login, 1, { ...wrong, email: `user${i}@example.org` });
    expect(await login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await login({ ...ada, clientAddress: "192.0.2.2" })).toMatchObject({ ok: true });
  });

  it("does not count a 400: an address that is not an email is refused before the throttle", async () => {
    const { login, attempts } = await setUp();
    await login({ ...wrong, email: "not-an-email" });
    expect(attempts.all).toHaveLength(0);
  });
});
