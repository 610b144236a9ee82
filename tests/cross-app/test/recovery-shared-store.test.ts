import { loginAccount, registerAccount, uniqueEmail } from "@tessera/http-contract-tests/http/accounts";
import { expectError } from "@tessera/http-contract-tests/http/audit";
import type { Harness } from "@tessera/http-contract-tests/http/harness";
import { linkToken, mailTo, nextMail, SUBJECTS, waitForMails } from "@tessera/http-contract-tests/http/mail";
import { bearerLogin, changeEmail, login, me, meBearer, resend, reset, resetLink, verify } from "@tessera/http-contract-tests/http/recovery-flows";
import { expect, it } from "vitest";
import { describeOnEachSharedStore } from "./two-apps.js";

/*
 * Account recovery with two app instances on one store: a link one of them mailed works in the
 * other, what one does to an account every session sees in the other, and mail goes out once.
 */
describeOnEachSharedStore("Account recovery across Express and Koa", ({ express, koa }) => {
  const both: readonly [string, () => Harness, () => Harness][] = [
    ["Express", () => express(), () => koa()],
    ["Koa", () => koa(), () => express()],
  ];

  it.each(both)("a password reset through %s ends the sessions the other app issued, cookie and bearer", async (_name, resetting, issuing) => {
    const account = await registerAccount(issuing());
    const other = await loginAccount(issuing(), account);
    const bearer = await bearerLogin(issuing(), account);
    const { token } = await resetLink(resetting(), account.email);
    const password = resetting().secret(`reset across apps ${Math.random()}`);
    expect((await reset(resetting(), token, password)).status).toBe(200);

    for (const app of [issuing(), resetting()]) {
      for (const session of [account.token, other]) expectError(await me(app, session), 401, "unauthorized");
      expectError(await meBearer(app, bearer), 401, "unauthorized");
    }
    expectError(await login(issuing(), account.email, account.password), 401, "invalid_credentials");
    const fresh = await loginAccount(issuing(), { email: account.email, password });
    expect((await me(resetting(), fresh)).body.user).toEqual(expect.objectContaining({ email: account.email, emailVerified: true }));
  });

  it.each(both)("an email change confirmed through %s shows in the other app's /me, in every session", async (_name, confirming, asking) => {
    const account = await registerAccount(asking());
    const other = await loginAccount(confirming(), account);
    const newEmail = uniqueEmail();
    expect((await changeEmail(asking(), account.token, { newEmail, currentPassword: account.password })).status).toBe(202);
    const token = linkToken(confirming(), await nextMail(confirming(), newEmail, SUBJECTS.confirmChange), "verify");
    expect((await verify(confirming(), token)).status).toBe(200);

    for (const session of [account.token, other]) {
      expect((await me(asking(), session)).body.user).toEqual(expect.objectContaining({ email: newEmail, emailVerified: true }));
    }
    await loginAccount(asking(), { email: newEmail, password: account.password });
    expectError(await login(asking(), account.email, account.password), 401, "invalid_credentials");
  });

  it("counts verification resends per account in the store: 3 an hour, whichever app each went through", async () => {
    const account = await registerAccount(express());
    const other = await loginAccount(koa(), account);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? resend(koa(), other) : resend(express(), account.token))).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expectError(await resend(koa(), other), 429, "too_many_attempts");
  });

  it("sends each message once, though both apps' couriers read the one outbox", async () => {
    const accounts = [];
    for (let i = 0; i < 10; i++) accounts.push(await registerAccount(i % 2 ? koa() : express()));
    for (const account of accounts) await waitForMails(express(), account.email, SUBJECTS.verify, 1);
    // Whatever either courier still held is settled now: a second copy would show.
    await Promise.all([express().tessera.mail.runOnce(), koa().tessera.mail.runOnce()]);
    for (const account of accounts) expect(await mailTo(koa(), account.email, SUBJECTS.verify)).toHaveLength(1);
  });
});
