import { intentUserId, mentions, type MailIntent, type OutboxEntry, type Settlement } from "@tessera/domain/mail";
import type { Outbox } from "@tessera/domain/ports";
import { newId } from "./ids.js";

/** Settled entries kept, newest first: the rest are dropped, so memory stays bounded. */
const SETTLED_KEPT = 1000;

export class MemoryOutbox implements Outbox {
  private readonly entries = new Map<string, OutboxEntry>();

  async add(intent: MailIntent, at: Date): Promise<void> {
    const id = newId();
    this.entries.set(id, {
      id,
      intent: { ...intent },
      userId: intentUserId(intent),
      createdAt: new Date(at),
      status: "pending",
      attempts: 0,
      nextAttemptAt: new Date(at),
      lastError: null,
      message: null,
    });
  }

  async get(id: string): Promise<OutboxEntry | null> {
    const entry = this.entries.get(id);
    return entry ? copy(entry) : null;
  }

  async due(now: Date, limit: number): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .filter((entry) => entry.status === "pending" && entry.nextAttemptAt.getTime() <= now.getTime())
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((entry) => copy(entry));
  }

  async settle(id: string, settlement: Settlement): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.set(id, {
      ...entry,
      status: settlement.status,
      attempts: settlement.attempts,
      ...(settlement.status === "pending" && { nextAttemptAt: new Date(settlement.nextAttemptAt) }),
      ...("lastError" in settlement && { lastError: settlement.lastError }),
      ...(settlement.status === "sent" && { message: settlement.message && { ...settlement.message }, userId: settlement.userId ?? entry.userId }),
    });
    if (settlement.status !== "pending") this.dropOldSettled();
  }

  async kept(limit: number): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .reverse() // Newest added first: the sort is stable, so entries of one millisecond stay newest first.
      .filter((entry) => entry.message !== null)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit)
      .map((entry) => copy(entry));
  }

  async forgetAllOf(userId: string, email: string): Promise<void> {
    for (const [id, entry] of [...this.entries]) {
      if (mentions(entry, userId, email)) this.entries.delete(id);
    }
  }

  private dropOldSettled(): void {
    const settled = [...this.entries.values()].reverse().filter((entry) => entry.status !== "pending");
    if (settled.length <= SETTLED_KEPT) return;
    settled.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    for (const entry of settled.slice(SETTLED_KEPT)) this.entries.delete(entry.id);
  }
}

function copy(entry: OutboxEntry): OutboxEntry {
  return {
    ...entry,
    intent: { ...entry.intent },
    createdAt: new Date(entry.createdAt),
    nextAttemptAt: new Date(entry.nextAttemptAt),
    message: entry.message && { ...entry.message },
  };
}
