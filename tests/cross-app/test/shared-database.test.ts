import { registerAccount, uniqueEmail } from "@tessera/http-contract-tests/http/accounts";
import { cookieHeader, expectSessionCookie } from "@tessera/http-contract-tests/http/cookies";
import { expect, it } from "vitest";
import { describeOnEachSharedStore } from "./two-apps.js";

describeOnEachSharedStore("Express and Koa", ({ express, koa }) => {

  const me = (app: ReturnType<typeof express>, token: string) => app.get("/api/users/me").set("Cookie", cookieHeader(app.cookie, token));

  it("accepts in Koa a session that Express started, and the reverse", async () => {
    const fromExpress = await registerAccount(express());
    const fromKoa = await registerAccount(koa());
    expect((await me(koa(), fromExpress.token)).body.user.email).toBe(fromExpress.email);
    expect((await me(express(), fromKoa.token)).body.user.email).toBe(fromKoa.email);
  });

  it.each([
    ["Express", () => express(), () => koa()],
    ["Koa", () => koa(), () => express()],
  ])("ends a session in both apps when %s logs it out", async (_name, loggingOut, other) => {
    const { token } = await registerAccount(other());
    expect((await loggingOut().post("/api/users/logout").set("Cookie", cookieHeader(loggingOut().cookie, token))).status).toBe(200);
    expect((await me(other(), token)).status).toBe(401);
    expect((await me(loggingOut(), token)).status).toBe(401);
  });

  it("logs in through one app an account registered through the other", async () => {
    const account = await registerAccount(express());
    const login = await koa().post("/api/users/login").send({ email: account.email, password: account.password });
    const token = expectSessionCookie(login, koa().cookie);
    expect((await me(express(), token)).status).toBe(200);
  });

  it("lets exactly one of 20 parallel registrations of one email win, across both apps", async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? koa() : express()).post("/api/users/register").send({ email, password: "correct horse battery" }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
  });
});
