import type { LoginAttemptLog } from "@tessera/domain/ports";

interface Entry {
  readonly at: Date;
  readonly expiresAt: Date;
}

const SWEEP_INTERVAL_MS = 60_000;

/** Failed logins in this process: each app instance counts its own (use a shared store for more). */
export class MemoryLoginAttemptLog implements LoginAttemptLog {
  private readonly byKey = new Map<string, Entry[]>();
  private lastSweep = 0;

  async add(key: string, at: Date, expiresAt: Date): Promise<void> {
    this.sweep(at);
    this.byKey.set(key, [...this.live(key, at), { at: new Date(at), expiresAt: new Date(expiresAt) }]);
  }

  async since(key: string, since: Date): Promise<Date[]> {
    return (this.byKey.get(key) ?? []).filter((entry) => entry.at.getTime() > since.getTime()).map((entry) => new Date(entry.at));
  }

  async clear(key: string): Promise<void> {
    this.byKey.delete(key);
  }

  private live(key: string, now: Date): Entry[] {
    return (this.byKey.get(key) ?? []).filter((entry) => entry.expiresAt.getTime() > now.getTime());
  }

  /** Drops expired failures under every key now and then, so keys tried once do not pile up. */
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
