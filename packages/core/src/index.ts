// The public entry of @tessera/core; @tessera/express and @tessera/koa re-export it.
export { openTessera, type Tessera } from "./open-tessera.js";
export { TesseraOptionsError, TesseraOptionsSchema, type OptionsProblem, type ResolvedOptions, type TesseraOptions } from "./options.js";
export { STORES, storeFactoryFor, type StoreFactory } from "./stores.js";
export type { Auth } from "@tessera/http/guard";
export type { Logger } from "@tessera/http/logger";
