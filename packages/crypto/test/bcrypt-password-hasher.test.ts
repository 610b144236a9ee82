import { describe, expect, it } from "vitest";
import { BcryptPasswordHasher } from "../src/bcrypt-password-hasher.js";

describe("BcryptPasswordHasher", () => {
  const hasher = new BcryptPasswordHasher(4);

  it("verifies the password it hashed and nothing else", async () => {
    const hash = await hasher.hash("correct horse");
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(hash).not.toContain("correct horse");
    expect(await hasher.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("correct horsf", hash)).toBe(false);
  });

  it("says a hash needs redoing when it was made at another cost", async () => {
    const hash = await hasher.hash("correct horse");
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new BcryptPasswordHasher(5).needsRehash(hash)).toBe(true);
    expect(hasher.needsRehash("not a hash")).toBe(true);
  });

  it("uses cost 12 unless told otherwise", async () => {
    expect(await new BcryptPasswordHasher().hash("x")).toMatch(/^\$2b\$12\$/);
  });

  it("refuses a cost bcrypt does not take", () => {
    expect(() => new BcryptPasswordHasher(3)).toThrow(RangeError);
    expect(() => new BcryptPasswordHasher(32)).toThrow(RangeError);
  });
});
