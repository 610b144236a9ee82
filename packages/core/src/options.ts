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
  typeof value === "object" && value !== null && ["users", "sessions", "attempts", "devices"].every((key) => key in value);

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
