import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";

const NEW = "new battery staple";

async function signedInTwice() {
  const f = fixture();
  const first = await registered(f);
  const second = await f.auth.login(ada);
  if (!second.ok) throw new Error("not signed in");
  const change = (currentPassword: string, newPassword = NEW, session = first.session) =>
    f.auth.changePassword({ session, currentPassword, newPassword, userAgent: null, clientAddress: ada.clientAddress });
  return { ...f, first, second, change };
}

describe("change password", () => {
  it("replaces the password, ends every session of the user, and starts a new one", async () => {
    const f = await signedInTwice();
    const outcome = await f.change(ada.password);
    if (!outcome.ok) throw new Error(outcome.error);
    expect((await f.auth.authenticate(f.first.token)).ok).toBe(false);
    expect((await f.auth.authenticate(f.second.token)).ok).toBe(false);
    expect((await f.auth.authenticate(outcome.token)).ok).toBe(true);
    expect(outcome.session.credentialVersion).toBe(2);
    expect(await f.auth.login(ada)).toEqual({ ok: false, error: "invalid_credentials" });
    expect(await f.auth.login({ ...ada, password: NEW })).toMatchObject({ ok: true });
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const f = await signedInTwice();
    expect(await f.change("wrong horse")).toEqual({ ok: false, error: "invalid_credentials" });
    expect((await f.auth.authenticate(f.first.token)).ok).toBe(true);
  });

  it.each([
    ["short", "password_too_short"],
    ["x".repeat(73), "password_too_long"],
    ["Password1", "password_too_common"],
    ["new\u0000password", "password_not_text"],
    ["\udfff".repeat(9), "password_not_text"],
  ])("refuses the new password %j with %s", async (newPassword, error) => {
    const f = await signedInTwice();
    expect(await f.change(ada.password, newPassword)).toEqual({ ok: false, error });
  });

  it("throttles guesses of the current password like failed logins, and answers 429 with the login's", async () => {
    const f = await signedInTwice();
    for (let i = 0; i < 5; i++) expect(await f.change(`guess ${i}`)).toEqual({ ok: false, error: "invalid_credentials" });
    // Even the right one is refused now, and the account's logins are locked alike.
    expect(await f.change(ada.password)).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 15 * 60 });
    expect(await f.auth.login(ada)).toMatchObject({ error: "too_many_attempts" });
    // Failed logins count against the change too.
    const g = await signedInTwice();
    for (let i = 0; i < 5; i++) await g.auth.login({ ...ada, password: `guess ${i}` });
    expect(await g.change(ada.password)).toMatchObject({ error: "too_many_attempts" });
  });

  it("verifies no more wrong current passwords than the limit, however parallel", async () => {
    const f = await signedInTwice();
    const before = f.hasher.verifications;
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => f.change(`guess ${i}`)));
    expect(outcomes.filter((o) => !o.ok && o.error === "invalid_credentials")).toHaveLength(5);
    expect(f.hasher.verifications - before).toBe(5);
  });

  it("lets exactly one of ten parallel changes from one session win; the others change nothing", async () => {
    const f = await signedInTwice();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => f.change(ada.password, `${NEW} ${i}`)));
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((o) => !o.ok)) {
      expect(["password_changed_meanwhile", "too_many_attempts"]).toContain((loser as { error: string }).error);
    }
    const winner = outcomes.indexOf(winners[0]!);
    expect(await f.auth.listSessions(f.first.user.id)).toHaveLength(1);
    expect((await f.auth.login({ ...ada, password: `${NEW} ${winner}` })).ok).toBe(true);
  });

  it("forgets the user's trusted devices but the asker's", async () => {
    const f = await signedInTwice();
    const elsewhere = await f.auth.login(ada);
    const mine = await f.auth.login(ada);
    if (!elsewhere.ok || !mine.ok || !elsewhere.device || !mine.device) throw new Error("no devices");
    const outcome = await f.auth.changePassword({
      session: mine.session,
      currentPassword: ada.password,
      newPassword: NEW,
      userAgent: null,
      deviceToken: mine.device.token,
    });
    expect(outcome).toMatchObject({ ok: true, device: null });
    const digest = (token: string) => f.deps.tokens.digest(token) as string;
    expect(await f.store.devices.find(digest(elsewhere.device.token))).toBeNull();
    expect(await f.store.devices.find(digest(mine.device.token))).not.toBeNull();
  });
});
