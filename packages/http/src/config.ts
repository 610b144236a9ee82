import type { SessionPolicy } from "@tessera/domain/session";
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from "@tessera/domain/throttle";
import { z } from "zod";
import { normaliseOrigin } from "./client.js";
import type { HttpPolicy } from "./policy.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export interface TesseraConfig {
  readonly production: boolean;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly host: string;
  readonly port: number;
  readonly http: HttpPolicy;
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
  readonly bcryptCost: number;
  /** How many bcrypt hashes may run at once; null: all cores but one. */
  readonly bcryptConcurrency: number | null;
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

export const NODE_ENVIRONMENTS = ["production", "development", "test"] as const;

/** In production no setting may weaken what the defaults guarantee. */
export const MIN_PRODUCTION_BCRYPT_COST = 10;
const HOST_PREFIX = "__Host-";

const Environment = z.object({
  // A misspelt value ("prod") would silently mean development: no Secure cookie.
  NODE_ENV: z.enum(NODE_ENVIRONMENTS, { error: `NODE_ENV must be one of ${NODE_ENVIRONMENTS.join(", ")}` }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
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
  BCRYPT_CONCURRENCY: wholeNumber("BCRYPT_CONCURRENCY", 1, 256).optional(),
  TRUST_PROXY_HOPS: wholeNumber("TRUST_PROXY_HOPS", 0, 10).default(0),
  ALLOWED_ORIGINS: z
    .string()
    .transform((list) => list.split(",").map((item) => item.trim()).filter(Boolean))
    .pipe(
      z.array(z.string()).check((context) => {
        for (const origin of context.value) {
          if (!normaliseOrigin(origin)) {
            context.issues.push({
              code: "custom",
              input: origin,
              message: `ALLOWED_ORIGINS: "${origin}" is not an origin like https://app.example.org`,
            });
          }
        }
      }),
    )
    .optional(),
  LOGIN_FAILURE_WINDOW_SECONDS: wholeNumber("LOGIN_FAILURE_WINDOW_SECONDS", 1, 24 * 60 * 60).default(15 * 60),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: wholeNumber("LOGIN_MAX_FAILURES_PER_ACCOUNT", 1, 1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: wholeNumber("LOGIN_MAX_FAILURES_PER_ADDRESS", 1, 10_000).default(100),
  LOGIN_MAX_FAILURES_PER_DEVICE: wholeNumber("LOGIN_MAX_FAILURES_PER_DEVICE", 1, 1000).default(5),
  REGISTER_WINDOW_SECONDS: wholeNumber("REGISTER_WINDOW_SECONDS", 1, 24 * 60 * 60).default(15 * 60),
  REGISTER_MAX_PER_ADDRESS: wholeNumber("REGISTER_MAX_PER_ADDRESS", 1, 10_000).default(100),
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
  if (production) {
    const problems = [
      ...(values.BCRYPT_COST < MIN_PRODUCTION_BCRYPT_COST ? [`BCRYPT_COST must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production`] : []),
      ...(values.SESSION_COOKIE_NAME !== undefined && !values.SESSION_COOKIE_NAME.startsWith(HOST_PREFIX)
        ? [`SESSION_COOKIE_NAME must start with ${HOST_PREFIX} in production (the browser then refuses it without Secure, Path=/, or with a Domain)`]
        : []),
    ];
    if (problems.length) return { ok: false, problems };
  }
  return {
    ok: true,
    config: {
      production,
      logLevel: values.LOG_LEVEL,
      host: values.HOST,
      port: values.PORT,
      http: {
        cookie: {
          // __Host- makes browsers insist on Secure, Path=/ and no Domain: no subdomain can plant it.
          name: values.SESSION_COOKIE_NAME ?? (production ? "__Host-token" : "token"),
          secure: production,
        },
        allowedOrigins: values.ALLOWED_ORIGINS?.length
          ? values.ALLOWED_ORIGINS.map((origin) => normaliseOrigin(origin) as string)
          : null,
        trustProxyHops: values.TRUST_PROXY_HOPS,
      },
      session: {
        lifetimeMs: values.SESSION_LIFETIME_SECONDS * 1000,
        absoluteLifetimeMs: values.SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000,
        touchIntervalMs: 60_000,
      },
      throttle: {
        windowMs: values.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
        maxFailuresPerAccount: values.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: values.LOGIN_MAX_FAILURES_PER_ADDRESS,
        maxFailuresPerDevice: values.LOGIN_MAX_FAILURES_PER_DEVICE,
        deviceLifetimeMs: DEFAULT_THROTTLE_POLICY.deviceLifetimeMs,
        registrationWindowMs: values.REGISTER_WINDOW_SECONDS * 1000,
        maxRegistrationsPerAddress: values.REGISTER_MAX_PER_ADDRESS,
      },
      bcryptCost: values.BCRYPT_COST,
      bcryptConcurrency: values.BCRYPT_CONCURRENCY ?? null,
      mongo: values.MONGODB_URI ? { uri: values.MONGODB_URI, dbName: values.MONGODB_DB } : null,
    },
  };
}
