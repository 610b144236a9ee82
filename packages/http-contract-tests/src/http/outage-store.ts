import type { Store } from "@tessera/domain/ports";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";

export interface SwitchableStore extends Store {
  /** While true, every repository call throws StoreUnavailableError, as an unreachable store does. */
  down: boolean;
  /** While true, every repository call throws a plain Error: a bug, not an outage. */
  broken: boolean;
}

/** The message of the error a broken store throws: it must never reach an answer. */
export const STORE_BUG = "a bug in the store, thrown by the test";

/**
 * A store that can be made unreachable on demand: the 503 answers are then tested on every store,
 * the memory store included, not only by killing a database.
 */
export function switchable(store: Store): SwitchableStore {
  const wrapper = { ...store, down: false, broken: false } as SwitchableStore;
  const guard = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (wrapper.down) return Promise.reject(new StoreUnavailableError("the store was switched off by the test"));
          if (wrapper.broken) return Promise.reject(new Error(STORE_BUG));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return Object.assign(wrapper, {
    users: guard(store.users),
    sessions: guard(store.sessions),
    attempts: guard(store.attempts),
    devices: guard(store.devices),
    accountTokens: guard(store.accountTokens),
    outbox: guard(store.outbox),
    ping: async () => !wrapper.down && (await store.ping()),
    close: () => store.close(),
  });
}
