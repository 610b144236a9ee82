// The settings every package with Mongo-backed tests shares.
export { default } from "@tessera/contract-tests/mongo-vitest-config";
