import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE_POLICY } from "@tessera/domain/throttle";
import { ada, fixture, registered, type Fixture } from "./fixture.js";

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const wrong = { ...ada, password: "wrong horse" };

async function setUp(throttle: Partial<typeof DEFAULT_THROTTLE_POLICY> = {}) {
  const f = fixture({ throttle: { ...DEFAULT_THROTTLE_POLICY, ...throttle } });
  await registered(f);
  return f;
}

async function fail(f: Fixture, times: number, input: Parameters<Fixture["auth"]["login"]>[0] = wrong) {
  for (let i = 0; i < times; i++) expect(await f.auth.login(input)).toEqual({ ok: false, error: "invalid_credentials" });
}

describe("login throttling", () => {
  it("answers too_many_attempts after 5 failures, even to the right password", async () => {
    const f = await setUp();
    await fail(f, 5);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
  });

  it("tells how long to wait, and lets the account in once the failures leave the window", async () => {
    const f = await setUp();
    await fail(f, 5);
    f.clock.advance(10 * MINUTE);
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts", retryAfterSeconds: 5 * 60 });
    f.clock.advance(5 * MINUTE);
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
  });

  it("does not count refused attempts: waiting out the window is enough", async () => {
    const f = await setUp();
    await fail(f, 5);
    for (let i = 0; i < 10; i++) await f.auth.login(ada);
    f.clock.advance(WINDOW);
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
  });

  it("forgets the account's failures after a successful login, but not the address's", async () => {
    const f = await setUp({ maxFailuresPerAddress: 6 });
    await fail(f, 4);
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
    await fail(f, 2);
    // 6 failures from this address in all: the address is at its limit, the account is not.
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, clientAddress: "192.0.2.99" })).toMatchObject({ ok: true });
  });

  it("throttles an unknown email exactly like a known one", async () => {
    const f = await setUp();
    const nobody = { ...wrong, email: "nobody@example.org" };
    await fail(f, 5, nobody);
    expect(await f.auth.login(nobody)).toMatchObject({ error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
  });

  it("verifies no more wrong passwords than the limit, however parallel the burst", async () => {
    const f = await setUp();
    const before = f.hasher.verifications;
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => f.auth.login(wrong)));
    const errors = outcomes.map((o) => (o as { error: string }).error);
    expect(errors.filter((e) => e === "invalid_credentials")).toHaveLength(5);
    expect(errors.filter((e) => e === "too_many_attempts")).toHaveLength(25);
    expect(f.hasher.verifications - before).toBe(5);
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
  });

  it("never holds up parallel logins with the right password to different accounts", async () => {
    const f = await setUp();
    const emails = Array.from({ length: 12 }, (_, i) => `user${i}@example.org`);
    for (const email of emails) await registered(f, { email });
    const outcomes = await Promise.all(emails.map((email) => f.auth.login({ ...ada, email })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it("limits one client address across accounts, separately from the per-account limit", async () => {
    const f = await setUp({ maxFailuresPerAddress: 3 });
    for (let i = 0; i < 3; i++) await fail(f, 1, { ...wrong, email: `user${i}@example.org` });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, clientAddress: "192.0.2.2" })).toMatchObject({ ok: true });
  });

  it("counts an IPv6 client by its /64, and an IPv4 client seen through IPv6 as IPv4", async () => {
    const f = await setUp({ maxFailuresPerAddress: 3 });
    for (let i = 0; i < 3; i++) await fail(f, 1, { ...wrong, email: `user${i}@example.org`, clientAddress: `2001:db8:5:6:${i}::1` });
    expect(await f.auth.login({ ...ada, clientAddress: "2001:db8:5:6:ffff:ffff:ffff:ffff" })).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, clientAddress: "2001:db8:5:7::1" })).toMatchObject({ ok: true });

    const g = await setUp({ maxFailuresPerAddress: 1 });
    await fail(g, 1, { ...wrong, email: "someone@example.org", clientAddress: "::ffff:198.51.100.4" });
    expect(await g.auth.login({ ...ada, clientAddress: "198.51.100.4" })).toMatchObject({ error: "too_many_attempts" });
  });

  it("does not count a 400: an address that is not an email is refused before the throttle", async () => {
    const f = await setUp({ maxFailuresPerAccount: 1 });
    await f.auth.login({ ...wrong, email: "not-an-email" });
    expect(await f.store.attempts.held("address:192.0.2.1", f.clock.now())).toEqual([]);
  });
});

describe("device trust", () => {
  /** Ada has logged in from her browser before: it holds a device token for her account. */
  async function trustedBrowser(throttle: Partial<typeof DEFAULT_THROTTLE_POLICY> = {}) {
    const f = await setUp(throttle);
    const login = await f.auth.login(ada);
    if (!login.ok || !login.device) throw new Error("no device token");
    return { ...f, deviceToken: login.device.token };
  }

  it("gives a device token at sign-in, and none again to a device that has one for the account", async () => {
    const f = await trustedBrowser();
    const again = await f.auth.login({ ...ada, deviceToken: f.deviceToken });
    expect(again).toMatchObject({ ok: true, device: null });
    // A token for another account is no trust for this one.
    await registered(f, { email: "bob@example.org" });
    const bob = await f.auth.login({ ...ada, email: "bob@example.org", deviceToken: f.deviceToken });
    expect(bob).toMatchObject({ ok: true, device: { token: expect.any(String) } });
  });

  it("lets a trusted device in while an attacker has locked the account out", async () => {
    const f = await trustedBrowser();
    await fail(f, 5, { ...wrong, clientAddress: "203.0.113.66" });
    expect(await f.auth.login({ ...ada, clientAddress: "203.0.113.66" })).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, deviceToken: f.deviceToken })).toMatchObject({ ok: true });
  });

  it("lets a trusted device in past its address's lockout (one office behind one NAT)", async () => {
    const f = await trustedBrowser({ maxFailuresPerAddress: 3 });
    for (let i = 0; i < 3; i++) await fail(f, 1, { ...wrong, email: `colleague${i}@example.org` });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, deviceToken: f.deviceToken })).toMatchObject({ ok: true });
  });

  it("holds a trusted device to a limit of its own, which does not lock the account for others", async () => {
    const f = await trustedBrowser({ maxFailuresPerDevice: 2 });
    await fail(f, 2, { ...wrong, deviceToken: f.deviceToken });
    expect(await f.auth.login({ ...ada, deviceToken: f.deviceToken })).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login(ada)).toMatchObject({ ok: true });
  });

  it("trusts no device after it expires, and no forged or unknown token", async () => {
    const f = await trustedBrowser();
    await fail(f, 5, { ...wrong, clientAddress: "203.0.113.66" });
    expect(await f.auth.login({ ...ada, deviceToken: "A".repeat(43) })).toMatchObject({ error: "too_many_attempts" });
    expect(await f.auth.login({ ...ada, deviceToken: "not a token" })).toMatchObject({ error: "too_many_attempts" });
    f.clock.advance(DEFAULT_THROTTLE_POLICY.deviceLifetimeMs);
    await fail(f, 5, { ...wrong, clientAddress: "203.0.113.66" });
    expect(await f.auth.login({ ...ada, deviceToken: f.deviceToken })).toMatchObject({ error: "too_many_attempts" });
  });
});
