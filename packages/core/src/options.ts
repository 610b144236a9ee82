import type { Clock, Store } from "@tessera/domain/ports";
import { normaliseOrigin } from "@tessera/http/client";
import type { Logger } from "@tessera/http/logger";
import { z } from "zod";

/*
 * Everything openTessera takes, typed and checked at once: a bad value stops start-up with a
 * message naming it (by its path, e.g. "bcrypt.cost must be at most 31").
 */

const DAY_SECONDS = 24 * 60 * 60;
const YEAR_SECONDS = 365 * DAY_SECONDS;
/** In production no option may weaken what the defaults guarantee. */
export const MIN_PRODUCTION_BCRYPT_COST = 10;
export const HOST_PREFIX = "__Host-";

const whole = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

// RFC 6265 cookie-name characters: a token, no separators.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const isStore = (value: unknown): value is Store =>
  typeof value === "object" &&
  value !== null &&
  ["users", "sessions", "attempts", "devices", "accountTokens", "outbox"].every((key) => key in value);

const HOUR_SECONDS = 60 * 60;

const httpUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && !url.search && !url.hash && !url.username;
      } catch {
        return false;
      }
    },
    { error: "must be an http:// or https:// URL without query, fragment or credentials, e.g. https://app.example.org" },
  )
  .transform((value) => value.replace(/\/+$/, ""));

const mailUrl = z.string().trim().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
    } catch {
      return false;
    }
  },
  { error: "must be smtp://user:pass@host:port or smtps://user:pass@host:port" },
);

export const TesseraOptionsSchema = z
  .object({
    /**
     * Where users and sessions live: "memory:" (this process only, lost at exit), "sqlite:<file>",
     * a "mongodb://" or "mongodb+srv://" URI, or a store you opened yourself.
     */
    store: z.union([z.string().trim().min(1, { error: "must not be empty" }), z.custom<Store>(isStore)]).default("memory:"),
    /** For a MongoDB URI: the database to use instead of the one it names. */
    database: z.string().trim().min(1, { error: "must not be empty" }).optional(),
    /** Secure cookies named __Host-token by default, and no setting that weakens the defaults. */
    production: z.boolean().default(false),
    cookie: z
      .object({
        name: z.string().regex(COOKIE_NAME, { error: "may hold only letters, digits and !#$%&'*+-.^_`|~" }).optional(),
        /** Defaults to `production`. */
        secure: z.boolean().optional(),
      })
      .default({}),
    session: z
      .object({
        /** How long a session lives unused; a renewal extends it by this. */
        lifetimeSeconds: whole(60, YEAR_SECONDS).default(14 * DAY_SECONDS),
        /** No session outlives its start plus this. */
        absoluteLifetimeSeconds: whole(60, 5 * YEAR_SECONDS).default(30 * DAY_SECONDS),
      })
      .default({ lifetimeSeconds: 14 * DAY_SECONDS, absoluteLifetimeSeconds: 30 * DAY_SECONDS }),
    bcrypt: z
      .object({
        cost: whole(4, 31).default(12),
        /** bcrypt hashes running at once; default: all cores but one. */
        concurrency: whole(1, 256).optional(),
      })
      .default({ cost: 12 }),
    throttle: z
      .object({
        windowSeconds: whole(1, DAY_SECONDS).default(15 * 60),
        maxFailuresPerAccount: whole(1, 1000).default(5),
        maxFailuresPerAddress: whole(1, 10_000).default(100),
        maxFailuresPerDevice: whole(1, 1000).default(5),
        registrationWindowSeconds: whole(1, DAY_SECONDS).default(15 * 60),
        maxRegistrationsPerAddress: whole(1, 10_000).default(100),
      })
      .default({
        windowSeconds: 15 * 60,
        maxFailuresPerAccount: 5,
        maxFailuresPerAddress: 100,
        maxFailuresPerDevice: 5,
        registrationWindowSeconds: 15 * 60,
        maxRegistrationsPerAddress: 100,
      }),
    /**
     * The address users reach the app at: mail links are `${publicUrl}/#reset=...` and
     * `${publicUrl}/#verify=...`. http://127.0.0.1:3000 when not given, which in production is
     * almost surely wrong: openTessera then logs a warning (config_warning) naming it.
     */
    publicUrl: httpUrl.optional(),
    mail: z
      .object({
        /** smtp:// or smtps:// (MAIL_URL); unset: the development outbox, kept in the store (refused in production). */
        url: mailUrl.optional(),
        /** The sender of every message (MAIL_FROM): an address, or "Name <address>". */
        from: z.string().trim().min(3, { error: "must be an address, or a name and an address" }).default("Tessera <no-reply@localhost>"),
        /** The first retry's delay after a failed delivery; each next one is three times longer, at most an hour. */
        firstRetrySeconds: whole(1, HOUR_SECONDS).default(5),
        /** After this many failed attempts a message is marked failed and logged, never tried again. */
        maxAttempts: whole(1, 50).default(8),
        /** How often the courier looks for due messages when nothing woke it. */
        pollSeconds: whole(1, HOUR_SECONDS).default(1),
      })
      .default({ from: "Tessera <no-reply@localhost>", firstRetrySeconds: 5, maxAttempts: 8, pollSeconds: 1 }),
    recovery: z
      .object({
        /** A password reset link works this long. */
        resetTokenLifetimeSeconds: whole(1, 7 * DAY_SECONDS).default(HOUR_SECONDS),
        /** A verification or email-change link works this long. */
        verifyTokenLifetimeSeconds: whole(1, 30 * DAY_SECONDS).default(DAY_SECONDS),
        /** Registering starts no session, and an unverified account cannot sign in (403 email_not_verified). */
        requireVerifiedEmail: z.boolean({ error: "must be true or false" }).default(false),
        /** "Forgot password" requests per client address in the window below, then 429. */
        maxResetRequestsPerAddress: whole(1, 10_000).default(20),
        resetRequestWindowSeconds: whole(1, DAY_SECONDS).default(15 * 60),
        /** Reset mails per account in the window below; past it the answer stays 202 and nothing is sent. */
        maxResetMailsPerAccount: whole(1, 1000).default(3),
        /** Verification mails an account may ask for in the window below, then 429. */
        maxVerificationMailsPerAccount: whole(1, 1000).default(3),
        accountMailWindowSeconds: whole(1, 7 * DAY_SECONDS).default(HOUR_SECONDS),
      })
      .default({
        resetTokenLifetimeSeconds: HOUR_SECONDS,
        verifyTokenLifetimeSeconds: DAY_SECONDS,
        requireVerifiedEmail: false,
        maxResetRequestsPerAddress: 20,
        resetRequestWindowSeconds: 15 * 60,
        maxResetMailsPerAccount: 3,
        maxVerificationMailsPerAccount: 3,
        accountMailWindowSeconds: HOUR_SECONDS,
      }),
    /** Reverse proxies in front of the app whose X-Forwarded-* headers are believed. */
    trustProxyHops: whole(0, 10).default(0),
    /** Origins allowed to send unsafe requests with the session cookie; default: the request's own. */
    allowedOrigins: z
      .array(z.string().refine((origin) => normaliseOrigin(origin) !== null, { error: (issue) => `"${String(issue.input)}" is not an origin like https://app.example.org` }))
      .optional(),
    /** Security events and warnings go here (pino's logger fits); default: warnings and errors to stderr. */
    logger: z.custom<Logger>((value) => typeof value === "object" && value !== null && typeof (value as Logger).info === "function").optional(),
    /** The time, for tests that move it. */
    clock: z.custom<Clock>((value) => typeof value === "function").optional(),
  })
  .superRefine((options, context) => {
    if (options.session.absoluteLifetimeSeconds < options.session.lifetimeSeconds) {
      context.addIssue({ code: "custom", path: ["session", "absoluteLifetimeSeconds"], message: "must not be shorter than the lifetime" });
    }
    if (!options.production) return;
    if (options.bcrypt.cost < MIN_PRODUCTION_BCRYPT_COST) {
      context.addIssue({ code: "custom", path: ["bcrypt", "cost"], message: `must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production` });
    }
    if (options.cookie.name !== undefined && !options.cookie.name.startsWith(HOST_PREFIX)) {
      context.addIssue({
        code: "custom",
        path: ["cookie", "name"],
        message: `must start with ${HOST_PREFIX} in production (the browser then refuses it without Secure, Path=/, or with a Domain)`,
      });
    }
    if (options.cookie.secure === false) {
      context.addIssue({ code: "custom", path: ["cookie", "secure"], message: "must not be false in production" });
    }
    if (options.mail.url === undefined) {
      context.addIssue({
        code: "custom",
        path: ["mail", "url"],
        message: "is required in production: without it mail stays in the development outbox and is never sent",
      });
    }
  });

export type TesseraOptions = z.input<typeof TesseraOptionsSchema>;
export type ResolvedOptions = z.output<typeof TesseraOptionsSchema>;

export interface OptionsProblem {
  /** Where, as a path into the options: ["bcrypt", "cost"]. */
  readonly path: readonly (string | number)[];
  /** What, in words that follow the name: "must be at most 31". */
  readonly message: string;
}

export class TesseraOptionsError extends Error {
  override readonly name = "TesseraOptionsError";
  constructor(readonly problems: readonly OptionsProblem[]) {
    super(`Invalid Tessera options: ${problems.map(({ path, message }) => `${path.join(".")} ${message}`).join("; ")}`);
  }
}

export function resolveOptions(options: TesseraOptions = {}): ResolvedOptions {
  const parsed = TesseraOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TesseraOptionsError(parsed.error.issues.map((issue) => ({ path: issue.path.map((key) => (typeof key === "symbol" ? String(key) : key)), message: issue.message })));
  }
  return parsed.data;
}
