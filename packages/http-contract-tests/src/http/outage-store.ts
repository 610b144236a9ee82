import type { Store } from "@tessera/domain/ports";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";

export interface SwitchableStore extends Store {
  /** While true, every repository call throws StoreUnavailableError, as an unreachable store does. */
  down: boolean;
}

/**
 * A store that can be made unreachable on demand: the 503 answers are then tested on every store,
 * the memory store included, not only by killing a database.
 */
export function switchable(store: Store): SwitchableStore {
  const wrapper = { ...store, down: false } as SwitchableStore;
  const guard = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (wrapper.down) return Promise.reject(new StoreUnavailableError("the store was switched off by the test"));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return Object.assign(wrapper, {
    users: guard(store.users),
    sessions: guard(store.sessions),
    attempts: guard(store.attempts),
    devices: guard(store.devices),
    ping: async () => !wrapper.down && (await store.ping()),
    close: () => store.close(),
  });
}
