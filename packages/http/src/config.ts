import type { SessionPolicy } from "@tessera/domain/session";
import { z } from "zod";
import type { CookieSettings } from "./cookies.js";

export interface TesseraConfig {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly cookie: CookieSettings;
  readonly session: SessionPolicy;
  readonly bcryptCost: number;
  /** null: the in-memory store. */
  readonly mongo: { readonly uri: string; readonly dbName: string | undefined } | null;
}

export type ConfigResult = { ok: true; config: TesseraConfig } | { ok: false; problems: string[] };

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${name} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${name} must be at least ${min}` }).max(max, { error: `${name} must be at most ${max}` }));

// RFC 6265 cookie-name characters: a token, no separators.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const Environment = z.object({
  NODE_ENV: z.string().optional(),
  HOST: z.string().trim().min(1, { error: "HOST must not be empty" }).default("127.0.0.1"),
  PORT: wholeNumber("PORT", 0, 65535).default(3000),
  SESSION_COOKIE_NAME: z
    .string()
    .regex(COOKIE_NAME, { error: "SESSION_COOKIE_NAME may hold only letters, digits and !#$%&'*+-.^_`|~" })
    .optional(),
  SESSION_LIFETIME_SECONDS: wholeNumber("SESSION_LIFETIME_SECONDS", 60, ONE_YEAR_SECONDS).default(14 * 24 * 60 * 60),
  SESSION_ABSOLUTE_LIFETIME_SECONDS: wholeNumber("SESSION_ABSOLUTE_LIFETIME_SECONDS", 60, 5 * ONE_YEAR_SECONDS).default(
    30 * 24 * 60 * 60,
  ),
  BCRYPT_COST: wholeNumber("BCRYPT_COST", 4, 31).default(12),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, { error: "MONGODB_URI must start with mongodb:// or mongodb+srv://" })
    .optional(),
  MONGODB_DB: z.string().trim().min(1, { error: "MONGODB_DB must not be empty" }).optional(),
});

/** Reads and checks the whole configuration once, at start-up; every problem is named at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = Environment.safeParse(present);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => issue.message) };

  const values = parsed.data;
  if (values.SESSION_ABSOLUTE_LIFETIME_SECONDS < values.SESSION_LIFETIME_SECONDS) {
    return { ok: false, problems: ["SESSION_ABSOLUTE_LIFETIME_SECONDS must not be shorter than SESSION_LIFETIME_SECONDS"] };
  }
  const production = values.NODE_ENV === "production";
  return {
    ok: true,
    config: {
      production,
      host: values.HOST,
      port: values.PORT,
      cookie: {
        // __Host- makes browsers insist on Secure, Path=/ and no Domain: no subdomain can plant it.
        name: values.SESSION_COOKIE_NAME ?? (production ? "__Host-token" : "token"),
        secure: production,
      },
      session: {
        lifetimeMs: values.SESSION_LIFETIME_SECONDS * 1000,
        absoluteLifetimeMs: values.SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000,
        touchIntervalMs: 60_000,
      },
      bcryptCost: values.BCRYPT_COST,
      mongo: values.MONGODB_URI ? { uri: values.MONGODB_URI, dbName: values.MONGODB_DB } : null,
    },
  };
}
