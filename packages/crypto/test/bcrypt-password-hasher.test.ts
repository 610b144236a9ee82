import bcrypt from "bcrypt";
import { describe, expect, it, vi } from "vitest";
import { BcryptPasswordHasher, DEFAULT_BCRYPT_COST } from "../src/bcrypt-password-hasher.js";

/** The costs of the hashes bcrypt.compare was asked to check against, in order. */
function comparedCosts(spy: { mock: { calls: unknown[][] } }): number[] {
  return spy.mock.calls.map(([, hash]) => bcrypt.getRounds(hash as string));
}

describe("BcryptPasswordHasher", () => {
  const hasher = new BcryptPasswordHasher(4);

  it("verifies the password it hashed and nothing else", async () => {
    const hash = await hasher.hash("correct horse");
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(hash).not.toContain("correct horse");
    expect(await hasher.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("correct horsf", hash)).toBe(false);
  });

  it("hashes at the cost it is given, written inside the hash", async () => {
    expect(await new BcryptPasswordHasher(5).hash("x")).toMatch(/^\$2b\$05\$/);
  });

  it("uses cost 12 unless told otherwise", () => {
    // The cost itself, not a hash made with it: a cost-12 hash would make this test depend on the machine's speed.
    expect(DEFAULT_BCRYPT_COST).toBe(12);
    expect(new BcryptPasswordHasher().cost).toBe(12);
  });

  it("says only a weaker hash needs redoing: lowering the cost never weakens a stored one", async () => {
    const hash = await hasher.hash("correct horse");
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new BcryptPasswordHasher(5).needsRehash(hash)).toBe(true);
    expect(hasher.needsRehash(await new BcryptPasswordHasher(5).hash("x"))).toBe(false);
    expect(hasher.needsRehash("not a hash")).toBe(false);
  });

  it("refuses a cost bcrypt does not take", () => {
    expect(() => new BcryptPasswordHasher(3)).toThrow(RangeError);
    expect(() => new BcryptPasswordHasher(32)).toThrow(RangeError);
    expect(() => new BcryptPasswordHasher(4.5)).toThrow(RangeError);
  });

  describe("the same work for every check", () => {
    it("checks an unknown account against a stand-in at the configured cost, and never matches", async () => {
      const six = new BcryptPasswordHasher(6);
      await six.prepare();
      const spy = vi.spyOn(bcrypt, "compare");
      try {
        expect(await six.verify("anything at all", null)).toBe(false);
        expect(comparedCosts(spy)).toEqual([6]);
      } finally {
        spy.mockRestore();
      }
    });

    it("tops a hash from a lower cost up to the configured cost: one check at each cost in between", async () => {
      const old = await new BcryptPasswordHasher(4).hash("correct horse");
      const seven = new BcryptPasswordHasher(7);
      await seven.prepare();
      const spy = vi.spyOn(bcrypt, "compare");
      try {
        expect(await seven.verify("correct horse", old)).toBe(true);
        expect(await seven.verify("wrong horse", old)).toBe(false);
        // 2^4 + 2^4 + 2^5 + 2^6 = 2^7: the work of one check at cost 7.
        expect(comparedCosts(spy)).toEqual([4, 4, 5, 6, 4, 4, 5, 6]);
      } finally {
        spy.mockRestore();
      }
    });

    it("does one check, and no more, for a hash at the configured cost or above", async () => {
      const five = new BcryptPasswordHasher(5);
      const stronger = await new BcryptPasswordHasher(6).hash("correct horse");
      const spy = vi.spyOn(bcrypt, "compare");
      try {
        expect(await five.verify("correct horse", stronger)).toBe(true);
        expect(comparedCosts(spy)).toEqual([6]);
      } finally {
        spy.mockRestore();
      }
    });

    it("treats a stored value that is not a bcrypt hash as matching nothing, after the same work", async () => {
      const spy = vi.spyOn(bcrypt, "compare");
      try {
        expect(await hasher.verify("x", "not a hash")).toBe(false);
        expect(comparedCosts(spy)).toEqual([4]);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
