import type { LoginAttemptLog, RecordedAttempt } from "@tessera/domain/ports";

interface Entry extends RecordedAttempt {
  readonly expiresAt: Date;
}

/** Login attempts in this process: each app instance counts its own (use a shared store for more). */
const SWEEP_INTERVAL_MS = 60_000;

export class MemoryLoginAttemptLog implements LoginAttemptLog {
  private readonly byKey = new Map<string, Entry[]>();
  private lastSweep = 0;

  async add(key: string, attemptId: string, at: Date, expiresAt: Date): Promise<void> {
    this.sweep(at);
    this.byKey.set(key, [...this.live(key, at), { attemptId, at: new Date(at), expiresAt: new Date(expiresAt) }]);
  }

  async since(key: string, since: Date): Promise<RecordedAttempt[]> {
    return (this.byKey.get(key) ?? [])
      .filter((entry) => entry.at.getTime() > since.getTime())
      .map(({ attemptId, at }) => ({ attemptId, at: new Date(at) }));
  }

  async remove(key: string, attemptId: string): Promise<void> {
    const remaining = (this.byKey.get(key) ?? []).filter((entry) => entry.attemptId !== attemptId);
    if (remaining.length) this.byKey.set(key, remaining);
    else this.byKey.delete(key);
  }

  async clear(key: string): Promise<void> {
    this.byKey.delete(key);
  }

  private live(key: string, now: Date): Entry[] {
    return (this.byKey.get(key) ?? []).filter((entry) => entry.expiresAt.getTime() > now.getTime());
  }

  /** Drops expired attempts under every key now and then, so keys tried once do not pile up. */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const key of [...this.byKey.keys()]) {
      const live = this.live(key, now);
      if (live.length) this.byKey.set(key, live);
      else this.byKey.delete(key);
    }
  }
}
