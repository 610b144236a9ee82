import { describe, expect, it } from "vitest";
import { checkNewPassword, comparableForm, fitsPasswordHash, isPlainText, utf8ByteLength } from "../src/password-rules.js";

describe("password rules", () => {
  it("needs at least 8 characters, counted as code points", () => {
    expect(checkNewPassword("1234567")).toBe("password_too_short");
    expect(checkNewPassword("12345678")).toBeNull();
    expect(checkNewPassword("🔑🔑🔑🔑🔑🔑🔑")).toBe("password_too_short");
    expect(checkNewPassword("🔑🔑🔑🔑🔑🔑🔑🔑")).toBeNull();
  });

  it("allows 72 bytes of UTF-8 and refuses 73, never truncating", () => {
    expect(checkNewPassword("a".repeat(72))).toBeNull();
    expect(checkNewPassword("a".repeat(73))).toBe("password_too_long");
    // 24 three-byte characters are 72 bytes; one more ASCII byte is too many.
    expect(checkNewPassword("€".repeat(24))).toBeNull();
    expect(checkNewPassword(`${"€".repeat(24)}a`)).toBe("password_too_long");
    expect(fitsPasswordHash("a".repeat(73))).toBe(false);
  });

  it("has no composition rules", () => {
    expect(checkNewPassword("aaaaaaaa")).toBeNull();
  });

  it("refuses what bcrypt cannot tell apart: a NUL, an unpaired surrogate", () => {
    expect(checkNewPassword("123456\u0000123456")).toBe("password_not_text");
    expect(checkNewPassword("\ud800".repeat(8))).toBe("password_not_text");
    expect(checkNewPassword("abcdefgh\udc00")).toBe("password_not_text");
    expect(checkNewPassword("abcdefgh\ud83d")).toBe("password_not_text");
    expect(fitsPasswordHash("123456\u0000")).toBe(false);
    expect(fitsPasswordHash("\ud800")).toBe(false);
    expect(isPlainText("🔑 paired surrogates are fine")).toBe(true);
    expect(isPlainText("\udc00\ud800")).toBe(false);
  });

  it("compares with the common list in one form: NFKC, no invisible characters, trimmed", () => {
    expect(comparableForm("ｐａｓｓｗｏｒｄ")).toBe("password");
    expect(comparableForm(" pa\u200bss\u00adwo\u2060rd\ufeff ")).toBe("password");
    expect(comparableForm("ﬁnance")).toBe("finance");
  });

  it("counts UTF-8 bytes like an encoder does", () => {
    expect(utf8ByteLength("a")).toBe(1);
    expect(utf8ByteLength("é")).toBe(2);
    expect(utf8ByteLength("€")).toBe(3);
    expect(utf8ByteLength("🔑")).toBe(4);
  });
});

describe("password rules at the edges of UTF-16 and UTF-8", () => {
  it("takes every well-formed pair, from U+10000 to U+10FFFF", () => {
    for (const text of ["\u{10000}", "\u{103FF}", "\u{10FFFF}", "\ud800\udfff"]) expect(isPlainText(text), JSON.stringify(text)).toBe(true);
  });

  it("refuses a high surrogate followed by anything but a low one", () => {
    for (const text of ["\ud800\ue000", "\udbff", "\ud800a"]) expect(isPlainText(text), JSON.stringify(text)).toBe(false);
  });

  it("counts bytes at each boundary of UTF-8", () => {
    expect(utf8ByteLength("\u007f")).toBe(1);
    expect(utf8ByteLength("\u0080")).toBe(2);
    expect(utf8ByteLength("\u07ff")).toBe(2);
    expect(utf8ByteLength("\u0800")).toBe(3);
    expect(utf8ByteLength("\uffff")).toBe(3);
    expect(utf8ByteLength("\u{10000}")).toBe(4);
  });
});
