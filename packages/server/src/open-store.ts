import type { TesseraConfig } from "@tessera/http/config";
import type { Logger } from "@tessera/http/logger";
import { createMemoryStore } from "@tessera/memory/memory-store";
import { openMongoStore } from "@tessera/mongo/mongo-store";
import type { Store } from "@tessera/domain/ports";

/** MongoDB when MONGODB_URI is set, the in-memory store otherwise. */
export async function openStore(config: TesseraConfig, logger: Logger): Promise<Store> {
  if (!config.mongo) return createMemoryStore();
  const store = await openMongoStore({
    uri: config.mongo.uri,
    dbName: config.mongo.dbName,
    onWarning: (message, error) => logger.warn({ event: "store_warning", err: error }, message),
  });
  if (!store.ttl) {
    logger.warn({ event: "store_without_ttl" }, "the server has no TTL indexes: expired sessions are swept every 10 minutes instead");
  }
  return store;
}
