import { randomBytes } from "node:crypto";
import type { Letter, MailIntent, MailMessage, OutboxEntry } from "@tessera/domain/mail";
import type { Store } from "@tessera/domain/ports";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { describe, expect, it, vi } from "vitest";
import { createCourier, type CourierOptions } from "../src/courier.js";
import type { Delivery } from "../src/smtp-delivery.js";

/*
 * The courier on the memory store, with a clock the test moves and deliveries the test writes:
 * nothing here waits on real time, except where a test starts the courier's own timer.
 */

const PUBLIC_URL = "http://127.0.0.1:3000";
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function testClock() {
  let now = new Date("2026-01-01T00:00:00Z").getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly fields: Record<string, unknown>;
  readonly message?: string;
}

function captureLog() {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (fields: object, message?: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, logger: { info: at("info"), warn: at("warn"), error: at("error") } };
}

/** The tokens the stand-in dispatch made, by entry: a secret per try, as the domain's dispatch makes. */
const tokens: string[] = [];

/**
 * A stand-in for the domain's dispatch: a reset for an address starting "nobody" makes no letter
 * (no such account); the notices go to the address they name.
 */
async function dispatch(entry: OutboxEntry): Promise<Letter | null> {
  const { intent } = entry;
  if (intent.kind === "password_reset") {
    if (intent.email.startsWith("nobody")) return null;
    const token = randomBytes(32).toString("base64url");
    tokens.push(token);
    return { kind: intent.kind, to: intent.email, token, validForMs: HOUR };
  }
  if ("to" in intent) return { kind: intent.kind, to: intent.to };
  return null;
}

const reset = (email: string): MailIntent => ({ kind: "password_reset", email });

function setup(overrides: Partial<CourierOptions> = {}, store: Store = createMemoryStore()) {
  const clock = testClock();
  const log = captureLog();
  const sent: MailMessage[] = [];
  const options: CourierOptions = {
    outbox: store.outbox,
    attempts: store.attempts,
    dispatch,
    delivery: async (message) => void sent.push(message),
    publicUrl: PUBLIC_URL,
    clock: clock.now,
    logger: log.logger,
    firstRetryMs: SECOND,
    maxAttempts: 4,
    ...overrides,
  };
  const courier = createCourier(options);
  const add = async (intent: MailIntent): Promise<string> => {
    const before = new Set((await store.outbox.due(new Date(8e15), 10_000)).map(({ id }) => id));
    await store.outbox.add(intent, clock.now());
    const added = (await store.outbox.due(new Date(8e15), 10_000)).find(({ id }) => !before.has(id));
    if (!added) throw new Error("the outbox kept nothing");
    return added.id;
  };
  return { store, clock, log, sent, courier, options, add, entry: (id: string) => store.outbox.get(id) };
}

/** An error as nodemailer throws it: its text quotes the address and more. */
function smtpError(text: string): Error {
  return Object.assign(new Error(`550 5.1.1 <${text}>: Recipient address rejected`), { code: "EENVELOPE", responseCode: 550 });
}

describe("the courier", () => {
  it("delivers a due entry, composed with its link, and marks it sent; never twice", async () => {
    const t = setup();
    const id = await t.add(reset("ada@example.org"));
    expect(await t.courier.runOnce()).toBe(1);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]).toMatchObject({ to: "ada@example.org", subject: "Reset your password" });
    expect(t.sent[0]!.text).toContain(`${PUBLIC_URL}/#reset=${tokens.at(-1)}`);
    expect(t.sent[0]!.html).toContain(`<a href="${PUBLIC_URL}/#reset=${tokens.at(-1)}">`);
    // Sent over a real delivery: the message is not kept in the store (its link is a live secret).
    expect(await t.entry(id)).toMatchObject({ status: "sent", attempts: 1, message: null, lastError: null });
    expect(await t.store.outbox.kept(10)).toEqual([]);
    expect(t.log.lines).toEqual([{ level: "info", fields: { event: "mail_sent", entry: id, kind: "password_reset", attempts: 1 }, message: undefined }]);
    expect(await t.courier.runOnce()).toBe(0);
    expect(t.sent).toHaveLength(1);
  });

  it("without a delivery (the development outbox) keeps the composed message in the store", async () => {
    const t = setup({ delivery: null });
    const id = await t.add(reset("ada@example.org"));
    expect(await t.courier.runOnce()).toBe(1);
    const entry = await t.entry(id);
    expect(entry).toMatchObject({ status: "sent", attempts: 1 });
    expect(entry?.message).toEqual({ to: "ada@example.org", subject: "Reset your password", text: expect.stringContaining(`${PUBLIC_URL}/#reset=`), html: expect.stringContaining("<a href=") });
    expect((await t.store.outbox.kept(10)).map((kept) => kept.id)).toEqual([id]);
  });

  it("drops an entry that makes no letter, and sends nothing", async () => {
    const t = setup();
    const id = await t.add(reset("nobody@example.org"));
    expect(await t.courier.runOnce()).toBe(1);
    expect(await t.entry(id)).toMatchObject({ status: "dropped", attempts: 1 });
    expect(t.sent).toEqual([]);
    expect(await t.courier.runOnce()).toBe(0);
  });

  it("tries a failed delivery again after 1, 3 and 9 times the first delay; after the last attempt, marks it failed and logs it once", async () => {
    const delivery = vi.fn<Delivery>().mockRejectedValue(smtpError("ada@example.org"));
    const t = setup({ delivery, firstRetryMs: 2 * SECOND, maxAttempts: 4 });
    const id = await t.add(reset("ada@example.org"));
    const started = t.clock.now().getTime();
    let elapsed = 0;
    for (const [attempt, delay] of [[1, 2 * SECOND], [2, 6 * SECOND], [3, 18 * SECOND]] as const) {
      expect(await t.courier.runOnce()).toBe(1);
      expect(await t.entry(id)).toMatchObject({ status: "pending", attempts: attempt, nextAttemptAt: new Date(started + elapsed + delay), lastError: "Error EENVELOPE 550" });
      // Not due a moment before its time...
      t.clock.advance(delay - 1);
      expect(await t.courier.runOnce()).toBe(0);
      expect(delivery).toHaveBeenCalledTimes(attempt);
      // ...and due at it.
      t.clock.advance(1);
      elapsed += delay;
    }
    expect(await t.courier.runOnce()).toBe(1);
    expect(await t.entry(id)).toMatchObject({ status: "failed", attempts: 4, lastError: "Error EENVELOPE 550" });
    t.clock.advance(24 * HOUR);
    expect(await t.courier.runOnce()).toBe(0);
    expect(delivery).toHaveBeenCalledTimes(4);

    expect(t.log.lines.filter((line) => line.fields.event === "mail_retry").map((line) => [line.level, line.fields.retryInMs])).toEqual([
      ["warn", 2 * SECOND],
      ["warn", 6 * SECOND],
      ["warn", 18 * SECOND],
    ]);
    const failed = t.log.lines.filter((line) => line.fields.event === "mail_failed");
    expect(failed).toEqual([
      {
        level: "error",
        fields: { event: "mail_failed", entry: id, kind: "password_reset", attempts: 4, reason: "Error EENVELOPE 550" },
        message: expect.any(String),
      },
    ]);
    expect(JSON.stringify(failed)).not.toMatch(/ada|example\.org|Recipient/);
    expect(tokens.slice(-4).some((token) => JSON.stringify(t.log.lines).includes(token))).toBe(false);
  });

  it("waits an hour at most between attempts", async () => {
    const delivery = vi.fn<Delivery>().mockRejectedValue(new Error("down"));
    const t = setup({ delivery, firstRetryMs: 10 * MINUTE, maxAttempts: 10 });
    const id = await t.add(reset("ada@example.org"));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await t.courier.runOnce();
      const entry = await t.entry(id);
      delays.push(entry!.nextAttemptAt.getTime() - t.clock.now().getTime());
      t.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([10 * MINUTE, 30 * MINUTE, HOUR, HOUR, HOUR]);
  });

  it("sends on a later attempt once the delivery works again, and marks it sent", async () => {
    const delivery = vi.fn<Delivery>().mockRejectedValueOnce(new Error("down")).mockResolvedValue();
    const t = setup({ delivery });
    const id = await t.add(reset("ada@example.org"));
    await t.courier.runOnce();
    t.clock.advance(SECOND);
    expect(await t.courier.runOnce()).toBe(1);
    expect(await t.entry(id)).toMatchObject({ status: "sent", attempts: 2 });
    // A new letter each try: the link the first (failed) try made is not the one sent.
    expect(delivery.mock.calls[1]![0].text).toContain(tokens.at(-1));
    expect(delivery.mock.calls[0]![0].text).not.toContain(tokens.at(-1));
  });

  it("counts a dispatch that throws (the store was away) as a failed attempt, tried again later", async () => {
    const t = setup({ dispatch: vi.fn().mockRejectedValueOnce(new Error("store away")).mockImplementation(dispatch) });
    const id = await t.add(reset("ada@example.org"));
    expect(await t.courier.runOnce()).toBe(1);
    expect(await t.entry(id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(t.sent).toEqual([]);
    t.clock.advance(SECOND);
    await t.courier.runOnce();
    expect(await t.entry(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("pauses when the store cannot list the outbox, and goes on once it can", async () => {
    const t = setup();
    await t.add(reset("ada@example.org"));
    const due = vi.spyOn(t.store.outbox, "due").mockRejectedValueOnce(new Error("store away"));
    expect(await t.courier.runOnce()).toBe(0);
    expect(t.log.lines).toContainEqual({ level: "warn", fields: { event: "courier_paused", reason: "Error" }, message: undefined });
    expect(await t.courier.runOnce()).toBe(1);
    expect(due).toHaveBeenCalledTimes(2);
    expect(t.sent).toHaveLength(1);
  });

  it("delivers everything due at one call of runOnce, however much is due", async () => {
    const t = setup();
    for (let i = 0; i < 45; i++) await t.add(reset(`user${i}@example.org`));
    expect(await t.courier.runOnce()).toBe(45);
    expect(t.sent).toHaveLength(45);
  });

  it("leaves an entry another courier holds until that courier's lease has run out", async () => {
    const store = createMemoryStore();
    const leaseMs = 5 * MINUTE;
    // The first courier claims the entry, and hangs in its delivery (its process died, say).
    const hung = setup({ delivery: () => new Promise<void>(() => {}), leaseMs }, store);
    const second = setup({ leaseMs }, store);
    const id = await hung.add(reset("ada@example.org"));
    const claimed = vi.spyOn(store.attempts, "take");
    void hung.courier.runOnce();
    await vi.waitFor(() => expect(claimed).toHaveBeenCalled());
    await new Promise((resolve) => setImmediate(resolve));
    expect(await second.courier.runOnce()).toBe(0);
    expect(second.sent).toEqual([]);
    expect(await store.outbox.get(id)).toMatchObject({ status: "pending", attempts: 0 });
    // Past the lease, the entry is someone else's to send.
    second.clock.advance(leaseMs);
    expect(await second.courier.runOnce()).toBe(1);
    expect(second.sent.map((message) => message.to)).toEqual(["ada@example.org"]);
  });

  it("two couriers on one store, both running at once, deliver every entry exactly once, round after round", async () => {
    const store = createMemoryStore();
    const sentBy = new Map<string, number>();
    // Deliveries that take a while, now and then fail, and end in any order.
    const delivery: Delivery = async (message) => {
      for (let i = Math.floor(Math.random() * 4); i > 0; i--) await new Promise((resolve) => setImmediate(resolve));
      if (Math.random() < 0.2) throw new Error("flaky");
      sentBy.set(message.to, (sentBy.get(message.to) ?? 0) + 1);
    };
    const a = setup({ delivery, maxAttempts: 100 }, store);
    const b = setup({ delivery, maxAttempts: 100 }, store);
    let added = 0;
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 7; i++) await a.add(reset(`user${added++}@example.org`));
      await Promise.all([a.courier.runOnce(), b.courier.runOnce(), a.courier.runOnce(), b.courier.runOnce()]);
      // Both clocks move on together, past any retry's delay.
      a.clock.advance(HOUR);
      b.clock.advance(HOUR);
    }
    for (let rounds = 0; (await store.outbox.due(a.clock.now(), 1)).length > 0; rounds++) {
      if (rounds > 100) throw new Error("the outbox never emptied");
      await Promise.all([a.courier.runOnce(), b.courier.runOnce()]);
      a.clock.advance(HOUR);
      b.clock.advance(HOUR);
    }
    expect(sentBy.size).toBe(added);
    expect([...sentBy.values()].every((count) => count === 1)).toBe(true);
  });

  it("stop() waits for a delivery under way, which then settles; afterwards nothing wakes it", async () => {
    let release!: () => void;
    let reached!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const t = setup({
      delivery: async (message) => {
        reached();
        await gate;
        sent.push(message.to);
      },
    });
    const id = await t.add(reset("ada@example.org"));
    void t.courier.runOnce();
    await arrived;
    let stopped = false;
    const stopping = t.courier.stop().then(() => (stopped = true));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sent).toEqual(["ada@example.org"]);
    expect(await t.entry(id)).toMatchObject({ status: "sent" });

    await t.add(reset("later@example.org"));
    t.courier.wake();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(["ada@example.org"]);
  });

  it("once started, finds due entries by itself, and when woken", async () => {
    const t = setup({ pollMs: 20 });
    await t.add(reset("polled@example.org"));
    t.courier.start();
    try {
      await vi.waitFor(() => expect(t.sent.map((message) => message.to)).toEqual(["polled@example.org"]), { timeout: 20_000, interval: 20 });
      await t.add(reset("woken@example.org"));
      t.courier.wake();
      await vi.waitFor(() => expect(t.sent).toHaveLength(2), { timeout: 20_000, interval: 20 });
    } finally {
      await t.courier.stop();
    }
  });

  it("never writes an address, a token or a message's text to the log", async () => {
    const addresses = ["ada@example.org", "bob@example.org", "carol@example.org", "nobody@example.org"];
    // Deliveries whose errors quote everything they were given, as SMTP servers' answers may.
    const failing: Delivery = async (message) => {
      throw Object.assign(new Error(`rejected ${message.to}: ${message.subject} ${message.text}`), { code: "EMESSAGE" });
    };
    const seen: MailMessage[] = [];
    let calls = 0;
    const delivery: Delivery = async (message) => {
      seen.push(message);
      if (++calls % 2 === 1) await failing(message);
    };
    const t = setup({ delivery, maxAttempts: 2 });
    const dev = setup({ delivery: null }, t.store);
    for (const address of addresses) await t.add(reset(address));
    await t.add({ kind: "password_changed", userId: "dave", to: "dave@example.org" });
    await t.add({ kind: "email_changed", userId: "erin", to: "erin@example.org", newEmail: "erin.new@example.org" });
    for (let i = 0; i < 4; i++) {
      await t.courier.runOnce();
      t.clock.advance(HOUR);
    }
    await dev.add(reset("frank@example.org"));
    await dev.courier.runOnce();

    const lines = [...t.log.lines, ...dev.log.lines].map((line) => JSON.stringify(line));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.some((line) => line.includes("mail_failed") || line.includes("mail_retry"))).toBe(true);
    const secrets = [
      ...addresses,
      "dave@example.org",
      "erin@example.org",
      "erin.new@example.org",
      "frank@example.org",
      "example.org",
      ...tokens,
      ...seen.flatMap((message) => [message.subject, ...message.text.split("\n\n")]),
    ];
    for (const line of lines) for (const secret of secrets) expect(line, `a log line holds ${JSON.stringify(secret)}`).not.toContain(secret);
  });
});
