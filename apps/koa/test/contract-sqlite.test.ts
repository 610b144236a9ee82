import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHttpContract } from "@tessera/http-contract-tests/http-suite";
import { openSqliteStore } from "@tessera/sqlite/sqlite-store";
import { afterAll } from "vitest";
import { listener } from "../src/create-app.js";

// A new file of this run's own: SQLite needs no server, so nothing here is ever skipped.
const dir = mkdtempSync(join(tmpdir(), "tessera-koa-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runHttpContract("koa on SQLite", { listener, store: () => openSqliteStore({ path: join(dir, "tessera.db") }) });
