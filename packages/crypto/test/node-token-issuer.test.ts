import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { NodeTokenIssuer } from "../src/node-token-issuer.js";

describe("NodeTokenIssuer", () => {
  const tokens = new NodeTokenIssuer();

  it("issues 32 random bytes as 43 base64url characters, never the same twice", () => {
    const issued = new Set(Array.from({ length: 1000 }, () => tokens.issue()));
    expect(issued.size).toBe(1000);
    for (const token of issued) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("digests with SHA-256, so the digest differs from the token and cannot be turned back", () => {
    const token = tokens.issue();
    const digest = tokens.digest(token);
    expect(digest).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(digest).not.toBe(token);
  });

  it.each(["", "short", `${"a".repeat(42)}=`, "a".repeat(44), `${"a".repeat(42)}+`, `${"a".repeat(42)}\u00e9`])(
    "refuses %j as a token",
    (text) => {
      expect(tokens.digest(text)).toBeNull();
    },
  );
});
