import { describe, expect, it } from "vitest";
import { clearingCookie, deviceCookie, parseCookies, sessionCookie } from "../src/cookies.js";
import { credentialsOf } from "../src/credentials.js";
import type { IncomingMessage } from "node:http";

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

describe("device cookie", () => {
  it("is named after the session cookie, so it keeps a __Host- prefix and its guarantees", () => {
    expect(deviceCookie({ name: "__Host-token", secure: true }, "dev", 15552000)).toBe(
      "__Host-token-device=dev; Path=/; Max-Age=15552000; HttpOnly; Secure; SameSite=Strict",
    );
  });
});

describe("parseCookies", () => {
  it.each([
    ["token=abc", "abc"],
    ["a=1; token=abc; b=2", "abc"],
    ["a=1;token=abc", "abc"],
    ['token="abc"', "abc"],
    ["token=first; token=second", "first"],
    ["xtoken=no; token=yes", "yes"],
    ["token=", ""],
  ])("reads %j", (header, value) => {
    expect(parseCookies(header).get("token")).toBe(value);
  });

  it.each([undefined, "", "other=1", "tokenx=1", "token", ";;;", "token x=1"])("finds nothing in %j", (header) => {
    expect(parseCookies(header).get("token")).toBeUndefined();
  });
});

describe("credentialsOf", () => {
  const request = (headers: Record<string, string>) => ({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) }) as IncomingMessage;
  const settings = { name: "token", secure: false };

  it("takes a Bearer token before the cookie, and says the cookie is there all the same", () => {
    expect(credentialsOf(request({ Authorization: "Bearer abc", Cookie: "token=xyz" }), settings)).toEqual({
      session: { token: "abc", via: "bearer" },
      sessionCookie: true,
      bearer: true,
      device: null,
    });
  });

  it("reads the session and device cookies from one parse, and a device header before the cookie", () => {
    expect(credentialsOf(request({ Cookie: "a=1; token=xyz; token-device=dev" }), settings)).toMatchObject({
      session: { token: "xyz", via: "cookie" },
      device: "dev",
    });
    expect(credentialsOf(request({ Cookie: "token-device=dev", "X-Device-Token": "hdr" }), settings)).toMatchObject({ session: null, device: "hdr" });
  });

  it("counts an empty session cookie as there, but as no token", () => {
    expect(credentialsOf(request({ Cookie: "token=" }), settings)).toEqual({ session: null, sessionCookie: true, bearer: false, device: null });
  });
});
