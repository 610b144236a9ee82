import type { CookieSettings } from "./cookies.js";

/** The HTTP-side settings both apps share. */
export interface HttpPolicy {
  readonly cookie: CookieSettings;
  /** Origins allowed to send unsafe requests with the session cookie; null: the request's own origin. */
  readonly allowedOrigins: readonly string[] | null;
  /** How many reverse proxies in front of the app to believe about client address, scheme and host. */
  readonly trustProxyHops: number;
}

export const DEVELOPMENT_POLICY: HttpPolicy = {
  cookie: { name: "token", secure: false },
  allowedOrigins: null,
  trustProxyHops: 0,
};
