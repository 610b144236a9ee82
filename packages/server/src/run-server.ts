import { createServer, type RequestListener } from "node:http";
import type { HttpApi } from "@tessera/http/api";
import { answerMalformedRequests } from "@tessera/http/client-error";
import { loadConfig } from "@tessera/http/config";
import { pino } from "pino";
import { composeApi } from "./compose-api.js";
import { openStore } from "./open-store.js";
import type { Store } from "@tessera/domain/ports";

export interface RunOptions {
  /** "express" or "koa": named in every log line. */
  readonly app: string;
  readonly createListener: (api: HttpApi) => RequestListener;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Reads the configuration, opens the store, listens, and shuts down cleanly on SIGTERM or SIGINT. */
export async function runServer({ app, createListener, env = process.env }: RunOptions): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    const logger = pino({ base: { app } });
    for (const problem of loaded.problems) logger.fatal({ event: "config_invalid" }, problem);
    process.exitCode = 1;
    return;
  }
  const { config } = loaded;
  const logger = pino({ base: { app }, level: config.logLevel });

  let store: Store;
  try {
    store = await openStore(config, logger);
  } catch (error) {
    // The message names the server without its password; the store refuses to start half-ready.
    logger.fatal({ event: "store_unreachable" }, error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return;
  }
  logger.info({ event: "store_opened", store: store.name }, `using the ${store.name} store`);

  const server = createServer(createListener(await composeApi({ config, store, logger })));
  answerMalformedRequests(server);
  // A request that trickles in for longer than this is dropped (slow-client defence).
  server.requestTimeout = 30_000;
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info({ event: "listening", host: config.host, port }, `listening on http://${formatHost(config.host)}:${port}`);
  });

  const shutdown = (signal: string) => {
    logger.info({ event: "shutdown", signal }, "finishing in-flight requests");
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      clearTimeout(force);
      await store.close();
      logger.info({ event: "stopped" }, "stopped");
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}
