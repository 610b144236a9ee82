import { describe, expect, it } from "vitest";
import { ada, fixture, registered } from "./fixture.js";
import { pendingIntents, recordStoreCalls } from "./mail.js";

const MINUTE = 60 * 1000;

describe("request a password reset", () => {
  it("answers the same, with the same store writes and no hashing, for a known and an unknown address", async () => {
    const run = async (email: string) => {
      const f = fixture();
      await registered(f);
      const { verifications, hashes } = f.hasher;
      const calls = recordStoreCalls(f.store);
      const outcome = await f.auth.requestPasswordReset({ email: ` ${email.toUpperCase()} `, clientAddress: "192.0.2.7" });
      expect(f.hasher.verifications - verifications + f.hasher.hashes - hashes).toBe(0);
      // Only the address differs; slot numbers and holders are random names.
      const shape = calls.map(([call, args]) =>
        call === "attempts.take" ? [call, args[0]] : [call, JSON.parse(JSON.stringify(args).replaceAll(email, "<email>"))],
      );
      return { outcome, shape };
    };
    const known = await run(ada.email);
    const unknown = await run("nobody@example.org");
    expect(known.outcome).toEqual({ ok: true });
    expect(unknown).toEqual(known);
    // Whether the account exists is not even looked up on the request's path.
    expect(known.shape.map(([call]) => call)).toEqual(["attempts.take", "outbox.add"]);
    expect(known.shape[1]).toEqual(["outbox.add", [{ kind: "password_reset", email: "<email>" }, new Date("2026-01-01T00:00:00Z").toJSON()]]);
  });

  it("queues the normalised address", async () => {
    const f = fixture();
    await f.auth.requestPasswordReset({ email: "  Ada@Example.ORG ", clientAddress: null });
    expect(await pendingIntents(f)).toEqual([{ kind: "password_reset", email: "ada@example.org" }]);
  });

  it("refuses an address that is not one, and queues nothing", async () => {
    const f = fixture();
    expect(await f.auth.requestPasswordReset({ email: "not an address", clientAddress: null })).toEqual({ ok: false, error: "invalid_email" });
    expect(await pendingIntents(f)).toEqual([]);
  });

  it("allows 20 requests per client address in 15 minutes, then 429s until the window has passed; other addresses go on", async () => {
    const f = fixture();
    const ask = (clientAddress: string | null, email: string = ada.email) => f.auth.requestPasswordReset({ email, clientAddress });
    for (let i = 0; i < 20; i++) expect(await ask("192.0.2.1", `user${i}@example.org`)).toEqual({ ok: true });
    f.clock.advance(5 * MINUTE);
    expect(await ask("192.0.2.1")).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 10 * 60 });
    expect(await pendingIntents(f)).toHaveLength(20);
    // Another client address, and a request whose address is unknown, are not held back.
    expect(await ask("192.0.2.2")).toEqual({ ok: true });
    expect(await ask(null)).toEqual({ ok: true });
    f.clock.advance(10 * MINUTE);
    expect(await ask("192.0.2.1")).toEqual({ ok: true });
  });

  it("counts the per-address limit as configured", async () => {
    const f = fixture();
    const tight = f.with({ recovery: { ...f.deps.recovery, maxResetRequestsPerAddress: 2, resetRequestWindowMs: MINUTE } });
    const ask = () => tight.requestPasswordReset({ email: ada.email, clientAddress: "2001:db8::1" });
    expect((await ask()).ok).toBe(true);
    expect((await ask()).ok).toBe(true);
    expect(await ask()).toEqual({ ok: false, error: "too_many_attempts", retryAfterSeconds: 60 });
  });
});
