import type { Store } from "@tessera/domain/ports";
import type { Logger } from "@tessera/http/logger";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { openMongoStore, redact } from "@tessera/mongo/mongo-store";
import { openSqliteStore } from "@tessera/sqlite/sqlite-store";

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
  /** What is wrong with a URL of this scheme, said after "DATABASE_URL" or "store"; nothing when it is fine. */
  problem?(url: string): string | undefined;
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
  // One file on this machine, shared by every process that opens it; relative to the working directory.
  "sqlite:": {
    open: async ({ url, logger }) => {
      const store = await openSqliteStore({
        path: sqlitePath(url),
        onWarning: (message, error) => logger.warn({ event: "store_warning", err: error }, message),
      });
      const { from, to } = store.migration;
      const history = from === 0 ? ", new" : from < to ? `, migrated from version ${from}` : "";
      logger.info({ event: "store_file", path: store.path, schemaVersion: to }, `the SQLite file is ${store.path} (schema version ${to}${history})`);
      return store;
    },
    describe: (url) => url,
    problem: (url) => (sqlitePath(url) ? undefined : "must name the database file after sqlite:, e.g. sqlite:./data/tessera.db"),
  },
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

/** The file a "sqlite:<path>" URL names. */
function sqlitePath(url: string): string {
  return url.slice("sqlite:".length).trim();
}

/** The scheme a store URL starts with ("mongodb:"), or null when it has none. */
export function storeScheme(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return match ? (match[1] as string).toLowerCase() : null;
}

/** The factory for a store URL, or the sentence saying what is wrong with it (which schemes there are). */
export function storeFactoryFor(url: string): StoreFactory | string {
  const factory = STORES[storeScheme(url) ?? ""];
  if (!factory) return `must start with one of ${Object.keys(STORES).join(", ")}`;
  return factory.problem?.(url) ?? factory;
}
