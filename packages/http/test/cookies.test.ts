import { describe, expect, it } from "vitest";
import { clearingCookie, readCookie, sessionCookie } from "../src/cookies.js";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Strict, on Path=/ with a Max-Age rounded to whole seconds", () => {
    expect(sessionCookie({ name: "token", secure: false }, "abc", 1209600.4)).toBe(
      "token=abc; Path=/; Max-Age=1209600; HttpOnly; SameSite=Strict",
    );
  });

  it("is Secure in production", () => {
    expect(sessionCookie({ name: "__Host-token", secure: true }, "abc", 60)).toBe(
      "__Host-token=abc; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Strict",
    );
  });

  it("is cleared with the same name and path, Max-Age=0 and an Expires in the past", () => {
    expect(clearingCookie({ name: "token", secure: false })).toBe(
      "token=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict",
    );
  });
});

describe("readCookie", () => {
  it.each([
    ["token=abc", "abc"],
    ["a=1; token=abc; b=2", "abc"],
    ["a=1;token=abc", "abc"],
    ['token="abc"', "abc"],
    ["token=first; token=second", "first"],
    ["xtoken=no; token=yes", "yes"],
    ["token=", ""],
  ])("reads %j", (header, value) => {
    expect(readCookie(header, "token")).toBe(value);
  });

  it.each([undefined, "", "other=1", "tokenx=1", "token", ";;;", "token x=1"])("finds nothing in %j", (header) => {
    expect(readCookie(header, "token")).toBeUndefined();
  });
});
