import { createServer, type RequestListener } from "node:http";
import { openTessera, type Logger, type Tessera } from "@tessera/core";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { answerMalformedRequests } from "./client-error.js";
import { loadSettings } from "./settings.js";
import { listenProblem } from "./listen-problem.js";
import { createLogger } from "./logger.js";

export interface RunOptions {
  /** "express" or "koa": named in every log line. */
  readonly app: string;
  /** The host: Tessera mounted in it, its own routes beside them. */
  readonly createListener: (tessera: Tessera, logger: Logger) => RequestListener;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Reads the settings, opens Tessera, listens, and shuts down cleanly on SIGTERM or SIGINT. A
 * problem at start-up (a bad setting, a store out of reach, a port in use) is one line naming
 * what to change, and exit status 1.
 */
export async function runServer({ app, createListener, env = process.env }: RunOptions): Promise<void> {
  const loaded = loadSettings(env, { terminal: process.stdout.isTTY === true });
  if (!loaded.ok) {
    const logger = createLogger(app, "info", "json");
    for (const problem of loaded.problems) logger.fatal({ event: "config_invalid" }, problem);
    process.exitCode = 1;
    return;
  }
  const { settings } = loaded;
  const logger = createLogger(app, settings.logLevel, settings.logFormat);

  let tessera: Tessera;
  try {
    tessera = await openTessera({ ...settings.options, logger });
  } catch (error) {
    // One line that says what to do: a store out of reach (named without its password), a database
    // file from a newer Tessera, an option refused. The store refuses to start half-ready.
    const event = error instanceof StoreUnavailableError ? "store_unreachable" : "store_refused";
    logger.fatal({ event }, error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return;
  }
  logger.info({ event: "store_opened", store: tessera.storeName }, `using the ${tessera.storeName} store`);

  const server = createServer(createListener(tessera, logger));
  answerMalformedRequests(server, tessera);
  // A request that trickles in for longer than this is dropped (slow-client defence).
  server.requestTimeout = 30_000;

  const listening = await new Promise<boolean>((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      logger.fatal({ event: "listen_failed", code: error.code }, listenProblem(error, settings.host, settings.port));
      resolve(false);
    });
    server.listen(settings.port, settings.host, () => resolve(true));
  });
  if (!listening) {
    await tessera.close();
    process.exitCode = 1;
    return;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  logger.info({ event: "listening", host: settings.host, port }, `listening on http://${formatHost(settings.host)}:${port}`);

  const shutdown = (signal: string) => {
    logger.info({ event: "shutdown", signal }, "finishing in-flight requests");
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      clearTimeout(force);
      await tessera.close();
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
