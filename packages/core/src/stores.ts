import type { Store } from "@tessera/domain/ports";
import type { Logger } from "@tessera/http/logger";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { openMongoStore, redact } from "@tessera/mongo/mongo-store";

export interface StoreFactoryOptions {
  /** The store URL as given, e.g. "mongodb://127.0.0.1:27017/tessera". */
  readonly url: string;
  /** For a store with several databases: which one, overriding the URL's. */
  readonly database: string | undefined;
  readonly logger: Logger;
}

export interface StoreFactory {
  open(options: StoreFactoryOptions): Promise<Store>;
  /** The URL as it may be logged: no password in it. */
  describe(url: string): string;
}

/**
 * Every store Tessera can open, by the scheme of its URL. A new store is one package and one
 * entry here.
 */
export const STORES: Readonly<Record<string, StoreFactory>> = {
  "memory:": {
    open: async ({ logger }) => {
      logger.warn(
        { event: "memory_store" },
        "the memory store keeps users and sessions in this process only: they are lost when it exits, and not shared with other instances",
      );
      return createMemoryStore();
    },
    describe: () => "memory:",
  },
  "mongodb:": { open: openMongo, describe: redact },
  "mongodb+srv:": { open: openMongo, describe: redact },
};

async function openMongo({ url, database, logger }: StoreFactoryOptions): Promise<Store> {
  const store = await openMongoStore({
    uri: url,
    dbName: database,
    onWarning: (message, error) => logger.warn({ event: "store_warning", err: error }, message),
  });
  if (!store.ttl) {
    logger.warn({ event: "store_without_ttl" }, "the server has no TTL indexes: expired documents are swept every 10 minutes instead");
  }
  return store;
}

/** The scheme a store URL starts with ("mongodb:"), or null when it has none. */
export function storeScheme(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return match ? (match[1] as string).toLowerCase() : null;
}

/** The factory for a store URL, or the sentence saying which ones there are. */
export function storeFactoryFor(url: string): StoreFactory | string {
  const factory = STORES[storeScheme(url) ?? ""];
  return factory ?? `must start with one of ${Object.keys(STORES).join(", ")}`;
}
