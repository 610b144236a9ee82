import { registerAccount } from "@tessera/http-contract-tests/http/accounts";
import { expectError } from "@tessera/http-contract-tests/http/audit";
import { expect, it } from "vitest";
import { describeOnEachSharedStore } from "./two-apps.js";

describeOnEachSharedStore("login throttling across two app instances", ({ express, koa }) => {

  it("counts failures made through either instance: five split between them lock the account in both", async () => {
    const account = await registerAccount(express());
    for (const app of [express(), koa(), express(), koa(), express()]) {
      expectError(await app.post("/api/users/login").send({ email: account.email, password: "wrong password" }), 401, "invalid_credentials");
    }
    for (const app of [koa(), express()]) {
      const response = await app.post("/api/users/login").send({ email: account.email, password: account.password });
      expectError(response, 429, "too_many_attempts");
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
  });

  it("forgets the failures in both once a login succeeds in one", async () => {
    const account = await registerAccount(koa());
    for (const app of [express(), koa(), express(), koa()]) {
      await app.post("/api/users/login").send({ email: account.email, password: "wrong password" });
    }
    expect((await koa().post("/api/users/login").send({ email: account.email, password: account.password })).status).toBe(200);
    for (const app of [express(), koa(), express(), koa()]) {
      await app.post("/api/users/login").send({ email: account.email, password: "wrong password" });
    }
    expect((await express().post("/api/users/login").send({ email: account.email, password: account.password })).status).toBe(200);
  });
});
