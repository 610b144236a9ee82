import { describe, expect, it } from "vitest";
import { createCommonPasswordCheck, loadCommonPasswords } from "../src/common-password-list.js";

describe("the common password list", () => {
  const list = loadCommonPasswords();
  const isCommon = createCommonPasswordCheck(list);

  it("holds well over 10,000 passwords, and over 10,000 long enough to pass the length rule", () => {
    expect(list.size).toBeGreaterThan(40_000);
    expect([...list].filter((password) => [...password].length >= 8).length).toBeGreaterThan(10_000);
  });

  it.each(["password", "12345678", "iloveyou", "qwertyuiop", "PassWord1", "SUNSHINE"])("refuses %s, in any case", (password) => {
    expect(isCommon(password)).toBe(true);
  });

  it.each(["correct horse battery staple", "tessera-4f9c-unlikely", "zq8#Lp2!vw"])("accepts %s", (password) => {
    expect(isCommon(password)).toBe(false);
  });
});
