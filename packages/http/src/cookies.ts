export interface CookieSettings {
  /** The session cookie's name; the device cookie is named after it (see deviceCookieName). */
  readonly name: string;
  /** Set in production: the cookie travels over HTTPS only. */
  readonly secure: boolean;
}

// Written by hand, not by a framework: Koa's writer lower-cases attributes and omits Max-Age,
// and one writer is what keeps both apps byte-for-byte alike.
export function sessionCookie(settings: CookieSettings, token: string, maxAgeSeconds: number): string {
  return `${settings.name}=${token}; Path=/; Max-Age=${Math.max(0, Math.round(maxAgeSeconds))}; ${attributes(settings)}`;
}

export function clearingCookie(settings: CookieSettings): string {
  return `${settings.name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(settings)}`;
}

/**
 * The device cookie: the session cookie's name with "-device" after it, so it keeps a __Host-
 * prefix and its guarantees (Secure, Path=/, no Domain) wherever the session cookie has them.
 */
export function deviceCookieName(settings: CookieSettings): string {
  return `${settings.name}-device`;
}

export function deviceCookie(settings: CookieSettings, token: string, maxAgeSeconds: number): string {
  return sessionCookie({ ...settings, name: deviceCookieName(settings) }, token, maxAgeSeconds);
}

function attributes(settings: CookieSettings): string {
  return settings.secure ? "HttpOnly; Secure; SameSite=Strict" : "HttpOnly; SameSite=Strict";
}

/**
 * The cookies of a Cookie header, by name; of two with one name, the first (the browser sends the
 * most specific first). Parsed once per request.
 */
export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim();
      if (name && !cookies.has(name)) {
        const value = header.slice(eq + 1, end).trim();
        cookies.set(name, value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
      }
    }
    start = end + 1;
  }
  return cookies;
}
