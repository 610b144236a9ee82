import type { IncomingMessage } from "node:http";
import { createCommonPasswordCheck } from "@tessera/common-passwords/common-password-list";
import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuth } from "@tessera/domain/auth";
import type { Outbox, Store } from "@tessera/domain/ports";
import type { CookieSettings } from "@tessera/http/cookies";
import { errorResponse, type ErrorCode, type ErrorOptions } from "@tessera/http/errors";
import { createSessionGuard, type GuardOutcome } from "@tessera/http/guard";
import type { Logger } from "@tessera/http/logger";
import { buildOpenApiDocument, type DocumentedRoute } from "@tessera/http/openapi";
import { createBodyRefusal } from "@tessera/http/parser-refusal";
import type { HttpPolicy } from "@tessera/http/policy";
import type { HttpResponse } from "@tessera/http/response";
import type { Route } from "@tessera/http/route";
import { createRoutes } from "@tessera/http/routes";
import { createCourier, type Courier } from "@tessera/mail/courier";
import { redactMailUrl, smtpDelivery } from "@tessera/mail/smtp-delivery";
import { resolveOptions, TesseraOptionsError, type ResolvedOptions, type TesseraOptions } from "./options.js";
import { storeFactoryFor } from "./stores.js";

/** One Tessera: its store open, its use cases built, its routes ready for a framework to mount. */
export interface Tessera {
  /** The options as they were resolved, defaults filled in. */
  readonly options: ResolvedOptions;
  /** Which store is in use: "memory", "mongodb". */
  readonly storeName: string;
  /** The session cookie's name and whether it is Secure. */
  readonly cookie: CookieSettings;
  /** The contract's routes, framework-free: what tesseraRouter and tesseraRoutes mount. */
  readonly routes: readonly Route[];
  readonly logger: Logger;
  /** The session a request carries, checked by the contract's rules: what requireSession and readSession use. */
  guard(request: IncomingMessage, required: boolean): Promise<GuardOutcome>;
  /** An answer in Tessera's error envelope: for a host that answers on Tessera's behalf. */
  error(code: ErrorCode, options?: ErrorOptions): HttpResponse;
  /**
   * What Tessera answers when a host's body parser refused a body sent to one of its paths (`path`
   * as Tessera names it, without the host's prefix), or null when the error is no such refusal.
   */
  bodyRefusal(request: IncomingMessage, path: string, error: unknown): Promise<HttpResponse | null>;
  /** The OpenAPI 3.1 document of Tessera's routes, and of any the host documents beside them. */
  openApi(hostRoutes?: readonly DocumentedRoute[]): object;
  /** Whether the store answers now. */
  ping(): Promise<boolean>;
  /** The courier that sends what the outbox holds: `runOnce` delivers everything due now (for tests and scripts). */
  readonly mail: Pick<Courier, "runOnce">;
  /** Stops the courier (a delivery under way finishes), then closes the store. Stop taking requests first. */
  close(): Promise<void>;
}

/**
 * Opens the store and builds everything from typed options, checked at once: with none, Tessera
 * runs on the memory store with the contract's defaults. Throws TesseraOptionsError for a bad
 * option, and StoreUnavailableError when the store cannot be reached.
 */
export async function openTessera(options: TesseraOptions = {}): Promise<Tessera> {
  const resolved = resolveOptions(options);
  const logger = resolved.logger ?? STDERR_LOGGER;
  const store = await openStore(resolved, logger);
  try {
    const hasher = new BcryptPasswordHasher(resolved.bcrypt.cost, resolved.bcrypt.concurrency);
    // The stand-in hashes, now: the first unknown email is then as slow as every other one.
    await hasher.prepare();
    const { session: lifetimes, throttle: limits, recovery } = resolved;
    const clock = resolved.clock ?? (() => new Date());
    let courier: Courier | null = null;
    // Every message added wakes the courier, after the request's answer is on its way.
    const outbox = wakingOutbox(store.outbox, () => setImmediate(() => courier?.wake()));
    const auth = createAuth({
      users: store.users,
      sessions: store.sessions,
      attempts: store.attempts,
      devices: store.devices,
      accountTokens: store.accountTokens,
      outbox,
      tokens: new NodeTokenIssuer(),
      hasher,
      isCommonPassword: createCommonPasswordCheck(),
      clock,
      policy: {
        lifetimeMs: lifetimes.lifetimeSeconds * 1000,
        absoluteLifetimeMs: lifetimes.absoluteLifetimeSeconds * 1000,
        touchIntervalMs: 60_000,
      },
      throttle: {
        windowMs: limits.windowSeconds * 1000,
        maxFailuresPerAccount: limits.maxFailuresPerAccount,
        maxFailuresPerAddress: limits.maxFailuresPerAddress,
        maxFailuresPerDevice: limits.maxFailuresPerDevice,
        deviceLifetimeMs: DEVICE_LIFETIME_MS,
        registrationWindowMs: limits.registrationWindowSeconds * 1000,
        maxRegistrationsPerAddress: limits.maxRegistrationsPerAddress,
      },
      recovery: {
        resetTokenLifetimeMs: recovery.resetTokenLifetimeSeconds * 1000,
        verifyTokenLifetimeMs: recovery.verifyTokenLifetimeSeconds * 1000,
        requireVerifiedEmail: recovery.requireVerifiedEmail,
        maxResetRequestsPerAddress: recovery.maxResetRequestsPerAddress,
        resetRequestWindowMs: recovery.resetRequestWindowSeconds * 1000,
        maxResetMailsPerAccount: recovery.maxResetMailsPerAccount,
        maxVerificationMailsPerAccount: recovery.maxVerificationMailsPerAccount,
        accountMailWindowMs: recovery.accountMailWindowSeconds * 1000,
      },
    });
    const policy = httpPolicy(resolved);
    const { mail } = resolved;
    const delivery = mail.url ? smtpDelivery({ url: mail.url, from: mail.from }) : null;
    courier = createCourier({
      outbox: store.outbox,
      attempts: store.attempts,
      dispatch: auth.dispatchMail,
      delivery,
      publicUrl: resolved.publicUrl ?? DEVELOPMENT_PUBLIC_URL,
      clock,
      logger,
      pollMs: mail.pollSeconds * 1000,
      firstRetryMs: mail.firstRetrySeconds * 1000,
      maxAttempts: mail.maxAttempts,
    });
    if (resolved.production && resolved.publicUrl === undefined) {
      // Not a refusal (the contract stops production start-up only without a mail server), but
      // links to 127.0.0.1 reach nobody else: said once, loudly, at start-up.
      logger.warn(
        { event: "config_warning", setting: "publicUrl" },
        `publicUrl (PUBLIC_URL) is not set: mail links point at ${DEVELOPMENT_PUBLIC_URL}, which users cannot reach; set it to the address they use`,
      );
    }
    logger.info(
      { event: "mail_delivery", delivery: mail.url ? redactMailUrl(mail.url) : "development outbox" },
      mail.url ? "mail goes out over SMTP" : "mail is kept in the development outbox (GET /dev/outbox), never sent",
    );
    const routes = createRoutes({
      auth,
      policy,
      isReady: () => store.ping(),
      logger,
      // Only when mail stays in the store, and never in production: its texts hold live links.
      devOutbox: resolved.production || delivery ? null : (limit) => store.outbox.kept(limit),
    });
    courier.start();
    const running = courier;
    const guard = createSessionGuard({ authenticate: auth.authenticate, policy, logger });
    return {
      options: resolved,
      storeName: store.name,
      cookie: policy.cookie,
      routes,
      logger,
      guard,
      error: errorResponse,
      bodyRefusal: createBodyRefusal(routes),
      openApi: (hostRoutes = []) => buildOpenApiDocument([...routes, ...hostRoutes], policy.cookie.name),
      ping: () => store.ping(),
      mail: { runOnce: () => running.runOnce() },
      close: async () => {
        await running.stop();
        delivery?.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

/** Where mail links point when no publicUrl is given: the reference apps' default address. */
const DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:3000";

/** The store's outbox, calling `added` after each message it keeps. */
function wakingOutbox(outbox: Outbox, added: () => void): Outbox {
  return {
    add: async (intent, at) => {
      await outbox.add(intent, at);
      added();
    },
    get: (id) => outbox.get(id),
    due: (now, limit) => outbox.due(now, limit),
    settle: (id, settlement) => outbox.settle(id, settlement),
    kept: (limit) => outbox.kept(limit),
    forgetAllOf: (userId, email) => outbox.forgetAllOf(userId, email),
  };
}

/** A device that signed in stays trusted this long. */
const DEVICE_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

function httpPolicy(options: ResolvedOptions): HttpPolicy {
  const secure = options.cookie.secure ?? options.production;
  return {
    // __Host- makes browsers insist on Secure, Path=/ and no Domain: no subdomain can plant it.
    cookie: { name: options.cookie.name ?? (secure ? "__Host-token" : "token"), secure },
    allowedOrigins: options.allowedOrigins?.length ? options.allowedOrigins.map((origin) => new URL(origin).origin) : null,
    trustProxyHops: options.trustProxyHops,
  };
}

async function openStore(options: ResolvedOptions, logger: Logger): Promise<Store> {
  if (typeof options.store !== "string") return options.store;
  const factory = storeFactoryFor(options.store);
  if (typeof factory === "string") throw new TesseraOptionsError([{ path: ["store"], message: factory }]);
  return factory.open({ url: options.store, database: options.database, logger });
}

/** Without a logger of the host's: warnings and errors to stderr, the rest nowhere. */
const STDERR_LOGGER: Logger = {
  debug: () => {},
  info: () => {},
  warn: (fields, message) => console.warn(JSON.stringify({ level: "warn", ...fields, message })),
  error: (fields, message) => console.error(JSON.stringify({ level: "error", ...fields, message })),
};
