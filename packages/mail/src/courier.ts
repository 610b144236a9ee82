import type { Letter, MailMessage, OutboxEntry, Settlement } from "@tessera/domain/mail";
import type { AttemptLog, Clock, Outbox } from "@tessera/domain/ports";
import { compose } from "./letters.js";
import type { Delivery } from "./smtp-delivery.js";

/** What the courier tells the log; pino's logger fits. Never an address, a token or a message text. */
export interface CourierLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface CourierOptions {
  readonly outbox: Outbox;
  /** Claims: an entry is sent by the courier holding its slot (several app instances share a store). */
  readonly attempts: AttemptLog;
  /** The domain's side of sending: an intent becomes a letter (its token made now), or nothing. */
  readonly dispatch: (entry: OutboxEntry, now: Date) => Promise<Letter | null>;
  /** Where letters go; null: the development outbox, which keeps each message in the store instead. */
  readonly delivery: Delivery | null;
  readonly publicUrl: string;
  readonly clock: Clock;
  readonly logger: CourierLogger;
  /** How often it looks for due entries when nothing woke it. */
  readonly pollMs?: number;
  /** The first retry's delay; each next one is three times longer, at most an hour. */
  readonly firstRetryMs?: number;
  /** After this many attempts an entry is marked failed, and never tried again. */
  readonly maxAttempts?: number;
  /** How long a claim holds: a courier that died while sending lets another try after this. */
  readonly leaseMs?: number;
}

export interface Courier {
  start(): void;
  /** Looks for due entries now (a use case just added one). */
  wake(): void;
  /** Delivers everything due now, and answers how many entries it settled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 20;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The outbox's courier (the transactional outbox pattern): it takes due entries one by one under a
 * claim, turns each into a letter, composes and delivers it, and records how that went. A failure
 * is tried again later, each time later, and after the last attempt marked failed and logged.
 */
export function createCourier(options: CourierOptions): Courier {
  const { outbox, attempts, dispatch, delivery, publicUrl, clock, logger } = options;
  const pollMs = options.pollMs ?? 1000;
  const firstRetryMs = options.firstRetryMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  const name = `courier-${Math.random().toString(36).slice(2)}`;
  let claims = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  const settle = async (entry: OutboxEntry, now: Date): Promise<Settlement> => {
    const attempt = entry.attempts + 1;
    let message: MailMessage | null = null;
    try {
      const letter = await dispatch(entry, now);
      if (!letter) return { status: "dropped", attempts: attempt };
      message = compose(letter, publicUrl);
      if (delivery) await delivery(message);
      logger.info({ event: "mail_sent", entry: entry.id, kind: entry.intent.kind, attempts: attempt });
      return { status: "sent", attempts: attempt, message: delivery ? null : message, userId: letter.userId ?? null };
    } catch (error) {
      const reason = describe(error);
      if (attempt >= maxAttempts) {
        logger.error({ event: "mail_failed", entry: entry.id, kind: entry.intent.kind, attempts: attempt, reason }, "a message could not be sent; it will not be tried again");
        return { status: "failed", attempts: attempt, lastError: reason };
      }
      const delay = Math.min(firstRetryMs * 3 ** (attempt - 1), HOUR_MS);
      logger.warn({ event: "mail_retry", entry: entry.id, kind: entry.intent.kind, attempts: attempt, reason, retryInMs: delay });
      return { status: "pending", attempts: attempt, nextAttemptAt: new Date(now.getTime() + delay), lastError: reason };
    }
  };

  const deliverOne = async (entry: OutboxEntry): Promise<boolean> => {
    const now = clock();
    const key = `outbox:${entry.id}`;
    const holder = `${name}-${++claims}`;
    if (!(await attempts.take(key, { slot: 0, holder, at: now, expiresAt: new Date(now.getTime() + leaseMs) }))) return false;
    try {
      // Listed as due before the claim was ours: another courier may have settled it meanwhile.
      const current = await outbox.get(entry.id);
      if (current?.status !== "pending" || current.nextAttemptAt.getTime() > now.getTime()) return false;
      await outbox.settle(entry.id, await settle(current, now));
      return true;
    } finally {
      await attempts.release(key, 0, holder);
    }
  };

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let settled = 0;
      try {
        let full = false;
        do {
          again = false;
          const batch = await outbox.due(clock(), BATCH);
          let progress = 0;
          for (const entry of batch) if (await deliverOne(entry)) progress++;
          settled += progress;
          // A full batch may have more behind it; without progress (another courier holds them all) it waits.
          full = batch.length === BATCH && progress > 0;
        } while ((again || full) && !stopped);
      } catch (error) {
        // The store is away: the entries wait in it until the next round.
        logger.warn({ event: "courier_paused", reason: describe(error) });
      } finally {
        running = null;
      }
      return settled;
    })();
    return running;
  };

  return {
    start: () => {
      timer = setInterval(() => void runOnce(), pollMs);
      timer.unref();
    },
    wake: () => {
      if (!stopped) void runOnce();
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Why an attempt failed, for the log: the error's kind and code, never its text (it may quote an address). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return [error.name, code, responseCode].filter((part) => part !== undefined).join(" ");
}
