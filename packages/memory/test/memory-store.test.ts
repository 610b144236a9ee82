import { runRepositorySuite } from "@tessera/contract-tests/repository-suite";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../src/memory-store.js";

runRepositorySuite("memory", { fresh: async () => createMemoryStore() });

describe("memory store clean-up", () => {
  it("drops sessions past their expiry, as a TTL index would, so memory stays bounded", async () => {
    const { users, sessions } = createMemoryStore();
    const created = await users.create({ email: "ada@example.org", passwordHash: "h", createdAt: new Date(0) });
    if (!created.ok) throw new Error("user not created");
    const session = (digest: string, at: number) => ({
      tokenDigest: digest,
      userId: created.user.id,
      credentialVersion: 1,
      createdAt: new Date(at),
      expiresAt: new Date(at + 1000),
      lastUsedAt: new Date(at),
      userAgent: null,
    });
    await sessions.create(session("old", 0));
    await sessions.create(session("new", 120_000));
    expect(await sessions.findByTokenDigest("old")).toBeNull();
    expect(await sessions.findByTokenDigest("new")).not.toBeNull();
  });
});
