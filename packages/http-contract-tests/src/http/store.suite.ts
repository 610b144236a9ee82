import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerAccount } from "./accounts.js";
import { deviceCookieIn } from "./cookies.js";
import type { Harness } from "./harness.js";

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

/** What the store keeps of what went over HTTP: the digests of tokens, never the tokens. */
export function storeSuite(h: () => Harness): void {
  describe("what the store keeps", () => {
    it("keeps the digest of a session token, and nothing found by the token itself", async () => {
      const { token } = await registerAccount(h());
      expect(await h().store.sessions.findByTokenDigest(digest(token))).not.toBeNull();
      expect(await h().store.sessions.findByTokenDigest(token)).toBeNull();
    });

    it("keeps the digest of a device token, and nothing found by the token itself", async () => {
      const response = await h().post("/api/users/register").send({ email: `device-${Date.now()}@example.org`, password: "correct horse battery" });
      const device = deviceCookieIn(response, h().cookie) as string;
      expect(device).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await h().store.devices.find(digest(device))).not.toBeNull();
      expect(await h().store.devices.find(device)).toBeNull();
    });

    it("keeps a bcrypt hash of the password, never the password", async () => {
      const account = await registerAccount(h());
      const user = await h().store.users.findByEmail(account.email);
      expect(user?.passwordHash).toMatch(/^\$2b\$04\$/);
      expect(JSON.stringify(user)).not.toContain(account.password);
    });
  });
}
