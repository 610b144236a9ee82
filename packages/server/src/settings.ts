import { storeFactoryFor, TesseraOptionsSchema, type OptionsProblem, type TesseraOptions } from "@tessera/core";
import { z } from "zod";
import { LOG_FORMATS, type LogFormat } from "./logger.js";

/*
 * The reference hosts' settings, read from the environment once at start-up (twelve-factor).
 * Tessera itself never reads the environment: this turns it into openTessera's options, and names
 * every bad value by its variable, all at once.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const NODE_ENVIRONMENTS = ["production", "development", "test"] as const;

export interface HostSettings {
  readonly production: boolean;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** JSON lines, or readable lines for a person at a terminal (the default there, outside production). */
  readonly logFormat: LogFormat;
  readonly host: string;
  readonly port: number;
  /** For openTessera; the host adds its logger. */
  readonly options: TesseraOptions;
}

export type SettingsResult = { ok: true; settings: HostSettings } | { ok: false; problems: string[] };

type Kind = "whole" | "text" | "list" | "flag";

/** Each variable that sets one of Tessera's options, and where it goes. */
export const OPTION_VARIABLES: readonly { readonly name: string; readonly path: readonly string[]; readonly kind: Kind }[] = [
  { name: "SESSION_COOKIE_NAME", path: ["cookie", "name"], kind: "text" },
  { name: "SESSION_LIFETIME_SECONDS", path: ["session", "lifetimeSeconds"], kind: "whole" },
  { name: "SESSION_ABSOLUTE_LIFETIME_SECONDS", path: ["session", "absoluteLifetimeSeconds"], kind: "whole" },
  { name: "BCRYPT_COST", path: ["bcrypt", "cost"], kind: "whole" },
  { name: "BCRYPT_CONCURRENCY", path: ["bcrypt", "concurrency"], kind: "whole" },
  { name: "TRUST_PROXY_HOPS", path: ["trustProxyHops"], kind: "whole" },
  { name: "ALLOWED_ORIGINS", path: ["allowedOrigins"], kind: "list" },
  { name: "LOGIN_FAILURE_WINDOW_SECONDS", path: ["throttle", "windowSeconds"], kind: "whole" },
  { name: "LOGIN_MAX_FAILURES_PER_ACCOUNT", path: ["throttle", "maxFailuresPerAccount"], kind: "whole" },
  { name: "LOGIN_MAX_FAILURES_PER_ADDRESS", path: ["throttle", "maxFailuresPerAddress"], kind: "whole" },
  { name: "LOGIN_MAX_FAILURES_PER_DEVICE", path: ["throttle", "maxFailuresPerDevice"], kind: "whole" },
  { name: "REGISTER_WINDOW_SECONDS", path: ["throttle", "registrationWindowSeconds"], kind: "whole" },
  { name: "REGISTER_MAX_PER_ADDRESS", path: ["throttle", "maxRegistrationsPerAddress"], kind: "whole" },
  { name: "MONGODB_DB", path: ["database"], kind: "text" },
  { name: "PUBLIC_URL", path: ["publicUrl"], kind: "text" },
  { name: "MAIL_URL", path: ["mail", "url"], kind: "text" },
  { name: "MAIL_FROM", path: ["mail", "from"], kind: "text" },
  { name: "MAIL_RETRY_FIRST_SECONDS", path: ["mail", "firstRetrySeconds"], kind: "whole" },
  { name: "MAIL_MAX_ATTEMPTS", path: ["mail", "maxAttempts"], kind: "whole" },
  { name: "RESET_TOKEN_LIFETIME_SECONDS", path: ["recovery", "resetTokenLifetimeSeconds"], kind: "whole" },
  { name: "VERIFY_TOKEN_LIFETIME_SECONDS", path: ["recovery", "verifyTokenLifetimeSeconds"], kind: "whole" },
  { name: "REQUIRE_VERIFIED_EMAIL", path: ["recovery", "requireVerifiedEmail"], kind: "flag" },
  { name: "FORGOT_PASSWORD_MAX_PER_ADDRESS", path: ["recovery", "maxResetRequestsPerAddress"], kind: "whole" },
  { name: "FORGOT_PASSWORD_WINDOW_SECONDS", path: ["recovery", "resetRequestWindowSeconds"], kind: "whole" },
  { name: "RESET_MAIL_MAX_PER_ACCOUNT", path: ["recovery", "maxResetMailsPerAccount"], kind: "whole" },
  { name: "VERIFICATION_MAIL_MAX_PER_ACCOUNT", path: ["recovery", "maxVerificationMailsPerAccount"], kind: "whole" },
  { name: "ACCOUNT_MAIL_WINDOW_SECONDS", path: ["recovery", "accountMailWindowSeconds"], kind: "whole" },
];

const Host = z.object({
  // A misspelt value ("prod") would silently mean development: no Secure cookie.
  NODE_ENV: z.enum(NODE_ENVIRONMENTS, { error: `NODE_ENV must be one of ${NODE_ENVIRONMENTS.join(", ")}` }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `LOG_FORMAT must be one of ${LOG_FORMATS.join(", ")}` }).optional(),
  HOST: z.string().trim().min(1, { error: "HOST must not be empty" }).default("127.0.0.1"),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, { error: "PORT must be a whole number from 0 to 65535" })
    .transform(Number)
    .pipe(z.number().max(65535, { error: "PORT must be a whole number from 0 to 65535" }))
    .default(3000),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/.+/, { error: "MONGODB_URI must start with mongodb:// or mongodb+srv://" }).optional(),
  DATABASE_URL: z.string().trim().optional(),
});

/** Where the process runs: whether its output is a terminal a person reads. */
export interface Surroundings {
  readonly terminal?: boolean;
}

/** Reads and checks the whole configuration once; every problem is named at once. */
export function loadSettings(env: Readonly<Record<string, string | undefined>>, { terminal = false }: Surroundings = {}): SettingsResult {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== "")) as Record<string, string>;
  const problems: string[] = [];
  const host = Host.safeParse(present);
  if (!host.success) problems.push(...host.error.issues.map((issue) => issue.message));

  const options: Record<string, unknown> = { production: present.NODE_ENV === "production" };
  for (const { name, path, kind } of OPTION_VARIABLES) {
    const raw = present[name];
    if (raw !== undefined) setPath(options, path, parse(raw, kind));
  }
  const store = storeVariable(present);
  if (typeof store === "object") problems.push(store.problem);
  else options.store = store;
  // Outside production mail links point at this very process unless PUBLIC_URL says otherwise.
  if (present.PUBLIC_URL === undefined && !options.production && host.success) {
    options.publicUrl = localUrl(host.data.HOST, host.data.PORT);
  }

  const checked = TesseraOptionsSchema.safeParse(options);
  if (!checked.success) {
    problems.push(...checked.error.issues.map((issue) => describe({ path: issue.path as (string | number)[], message: issue.message })));
  }
  if (problems.length || !host.success) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      production: options.production as boolean,
      logLevel: host.data.LOG_LEVEL,
      logFormat: host.data.LOG_FORMAT ?? (terminal && !options.production ? "pretty" : "json"),
      host: host.data.HOST,
      port: host.data.PORT,
      options: options as TesseraOptions,
    },
  };
}

/**
 * Where the reference apps keep users and sessions when no store is named: a SQLite file under the
 * working directory, made at the first start, so that accounts survive a restart. (Tessera itself,
 * with no store given, runs on the memory store.)
 */
export const DEFAULT_DATABASE_URL = "sqlite:./data/tessera.db";

/** DATABASE_URL picks the store; MONGODB_URI, its older name for MongoDB, keeps working. */
function storeVariable(present: Record<string, string>): string | { problem: string } {
  const { DATABASE_URL: url, MONGODB_URI: mongo } = present;
  if (url && mongo && url !== mongo) return { problem: "DATABASE_URL and MONGODB_URI name different stores: set one of them" };
  // MONGODB_URI has its own check above; DATABASE_URL may name any store Tessera knows.
  const factory = url === undefined ? undefined : storeFactoryFor(url);
  return typeof factory === "string" ? { problem: `DATABASE_URL ${factory}` } : (url ?? mongo ?? DEFAULT_DATABASE_URL);
}

/** A problem in the options, named by the variable that set it. */
export function describe({ path, message }: OptionsProblem): string {
  if (path[0] === "store") return `DATABASE_URL ${message}`;
  const variable = OPTION_VARIABLES.find((entry) => entry.path.every((key, i) => path[i] === key));
  if (!variable) return `${path.join(".")} ${message}`;
  // A problem with one item of a list names the item in its message.
  return path.length > variable.path.length ? `${variable.name}: ${message}` : `${variable.name} ${message}`;
}

/** The URL a browser on this machine reaches the host at. */
export function localUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

function parse(raw: string, kind: Kind): unknown {
  if (kind === "text") return raw;
  // Only the two words: "yes" or "1" would be a guess at what was meant.
  if (kind === "flag") return raw === "true" ? true : raw === "false" ? false : raw;
  if (kind === "list") return raw.split(",").map((item) => item.trim()).filter(Boolean);
  // Anything but digits is no whole number: NaN, which the options refuse in their own words.
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1) as string] = value;
}
