import { createMemoryStore } from "@tessera/memory/memory-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { expectError } from "./audit.js";
import { cookieHeader } from "./cookies.js";
import { Harness, type HttpFactory } from "./harness.js";
import { STORE_BUG, switchable, type SwitchableStore } from "./outage-store.js";

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
          () => harness.post("/api/users/password/forgot").send({ email: account.email }),
          () => harness.post("/api/users/password/reset").send({ token: "A".repeat(43), newPassword: "a brand new passphrase" }),
          () => harness.post("/api/users/email/verify").send({ token: "A".repeat(43) }),
          () => harness.post("/api/users/email/verification").set("Cookie", cookie),
        ];
        for (const call of calls) expectError(await call(), 503, "store_unavailable");
        expect((await harness.get("/healthz")).status).toBe(200);
      } finally {
        store.down = false;
      }
      expect((await harness.get("/api/users/me").set("Cookie", cookie)).status).toBe(200);
      expect(harness.logs.some((line) => line.includes('"event":"internal_error"'))).toBe(false);
      // Each 503 is logged as the outage it is, with the store's reason.
      const outages = harness.logs.filter((line) => line.includes('"event":"store_unavailable"'));
      expect(outages.length).toBeGreaterThan(0);
      for (const line of outages) expect(line).toContain("the store was switched off by the test");
    });

    // A bug is the host's to answer (Tessera's routes pass it on, as the library issue requires):
    // the reference hosts answer it in the contract's envelope; a host of one's own, its own way.
    if (factory.referenceHost !== false) {
      it("answers a bug in the store as 500 internal_error, never with its message, and logs it as one", async () => {
        const account = await registerAccount(harness);
        const logged = harness.logs.length;
        store.broken = true;
        try {
          const response = await harness.get("/api/users/me").set("Cookie", cookieHeader(harness.cookie, account.token));
          expectError(response, 500, "internal_error");
          expect(response.text).not.toContain(STORE_BUG);
        } finally {
          store.broken = false;
        }
        const lines = harness.logs.slice(logged);
        expect(lines.filter((line) => line.includes('"event":"internal_error"'))).toHaveLength(1);
        expect(lines.some((line) => line.includes('"event":"store_unavailable"'))).toBe(false);
      });
    }

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
