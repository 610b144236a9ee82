import type { TesseraConfig } from "@tessera/http/config";
import { createMemoryStore } from "@tessera/memory/memory-store";
import type { Store } from "./store.js";

/** MongoDB when MONGODB_URI is set, the in-memory store otherwise. */
export async function openStore(config: TesseraConfig): Promise<Store> {
  if (config.mongo) throw new Error("MONGODB_URI is set, but this build has no MongoDB adapter yet");
  return createMemoryStore();
}
