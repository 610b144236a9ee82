import { createMemoryStore } from "@tessera/memory/memory-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { switchable, type SwitchableStore } from "./outage-store.js";

/** A store that cannot be reached is a 503 store_unavailable on every route that needs it, never a 500. */
export function outageSuite(factory: HttpFactory): void {
  describe("a store that cannot be reached", () => {
    let harness: Harness;
    let store: SwitchableStore;
    beforeAll(async () => {
      harness = await Harness.start({
        ...factory,
        store: async () => (store = switchable(factory.store ? await factory.store() : createMemoryStore())),
      });
    });
    afterAll(() => harness?.stop());

    it("answers 503 store_unavailable on every route that needs the store, and serves again once it is back", async () => {
      const account = await registerAccount(harness);
      const cookie = cookieHeader(harness.cookie, account.token);
      store.down = true;
      try {
        const calls = [
          () => harness.post("/api/users/register").send({ email: `x${account.email}`, password: "correct horse battery" }),
          () => harness.post("/api/users/login").send({ email: account.email, password: account.password }),
          () => harness.get("/api/users/me").set("Cookie", cookie),
          () => harness.post("/api/users/logout").set("Cookie", cookie),
          () => harness.get("/api/sessions").set("Cookie", cookie),
          () => harness.delete("/api/sessions").set("Cookie", cookie),
          () => harness.get("/readyz"),
        ];
        for (const call of calls) expectError(await call(), 503, "store_unavailable");
        expect((await harness.get("/healthz")).status).toBe(200);
      } finally {
        store.down = false;
      }
      expect((await harness.get("/api/users/me").set("Cookie", cookie)).status).toBe(200);
      expect(harness.logs.some((line) => line.includes('"event":"internal_error"'))).toBe(false);
    });

    const guarded = factory.guardedPaths;
    if (guarded) {
      it("answers 503 from the guards of the host's own routes too", async () => {
        const account = await registerAccount(harness);
        store.down = true;
        try {
          for (const path of Object.values(guarded)) {
            expectError(await harness.outside("GET", path).set("Cookie", cookieHeader(harness.cookie, account.token)), 503, "store_unavailable");
          }
        } finally {
          store.down = false;
        }
      });
    }
  });
}
