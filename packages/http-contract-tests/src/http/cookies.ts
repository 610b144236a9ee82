import { deviceCookieName, type CookieSettings } from "@tessera/http/cookies";
import type { Response } from "supertest";
import { expect } from "vitest";

export const FULL_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

export function setCookies(response: Response): string[] {
  const header = response.headers["set-cookie"] as unknown;
  return Array.isArray(header) ? header : [];
}

/**
 * Asserts the one session cookie, attribute by attribute as the contract writes it, and returns its
 * token. It comes first; the only other cookie an answer may carry beside it is the device cookie.
 */
export function expectSessionCookie(response: Response, settings: CookieSettings, maxAge = FULL_LIFETIME_SECONDS): string {
  const cookies = setCookies(response);
  expect(cookies.length).toBeGreaterThanOrEqual(1);
  for (const other of cookies.slice(1)) expect(other.startsWith(`${deviceCookieName(settings)}=`), other).toBe(true);
  const secure = settings.secure ? "; Secure" : "";
  const pattern = new RegExp(
    `^${escape(settings.name)}=([A-Za-z0-9_-]{43}); Path=/; Max-Age=${maxAge}; HttpOnly${secure}; SameSite=Strict$`,
  );
  expect(cookies[0]).toMatch(pattern);
  return (cookies[0] as string).match(pattern)?.[1] as string;
}

/** The device cookie an answer sets, attribute by attribute, or undefined when it sets none. */
export function deviceCookieIn(response: Response, settings: CookieSettings): string | undefined {
  const cookie = setCookies(response).find((each) => each.startsWith(`${deviceCookieName(settings)}=`));
  if (cookie === undefined) return undefined;
  const secure = settings.secure ? "; Secure" : "";
  const pattern = new RegExp(
    `^${escape(deviceCookieName(settings))}=([A-Za-z0-9_-]{43}); Path=/; Max-Age=${DEVICE_LIFETIME_SECONDS}; HttpOnly${secure}; SameSite=Strict$`,
  );
  expect(cookie).toMatch(pattern);
  return cookie.match(pattern)?.[1];
}

export const DEVICE_LIFETIME_SECONDS = 180 * 24 * 60 * 60;

export function expectClearingCookie(response: Response, settings: CookieSettings): void {
  const secure = settings.secure ? "; Secure" : "";
  expect(setCookies(response)).toEqual([
    `${settings.name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly${secure}; SameSite=Strict`,
  ]);
}

export function expectNoCookie(response: Response): void {
  expect(setCookies(response)).toEqual([]);
}

export function cookieHeader(settings: CookieSettings, token: string): string {
  return `${settings.name}=${token}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
}

export function deviceCookieHeader(settings: CookieSettings, token: string): string {
  return `${deviceCookieName(settings)}=${token}`;
}
