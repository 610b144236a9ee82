import type { Store } from "@tessera/domain/ports";
import { StoreUnavailableError } from "@tessera/domain/store-unavailable-error";
import { createConnection } from "mongoose";
import { startExpiredDocumentSweeper } from "./expired-document-sweeper.js";
import { createIndexes, expiring } from "./indexes.js";
import { defineModels } from "./models.js";
import { MongoAccountTokenRepository } from "./mongo-account-token-repository.js";
import { MongoAttemptLog } from "./mongo-attempt-log.js";
import { MongoDeviceRepository } from "./mongo-device-repository.js";
import { MongoOutbox } from "./mongo-outbox.js";
import { MongoSessionRepository } from "./mongo-session-repository.js";
import { MongoUserRepository } from "./mongo-user-repository.js";
import { createGuard, isUnavailable, OPERATION_TIMEOUT_MS } from "./unavailable.js";

export interface MongoStoreOptions {
  readonly uri: string;
  /** Overrides the database named in the URI. */
  readonly dbName?: string | undefined;
  /** How long an operation waits for a reachable server before the store reports itself unavailable. */
  readonly serverSelectionTimeoutMS?: number;
  /**
   * The most one operation may take before it is an outage (503): 1500 ms by default, so that a
   * request answers within 2 s even while the server hangs.
   */
  readonly operationTimeoutMS?: number;
  /** Told about problems the store handles itself (a failed clean-up sweep). */
  readonly onWarning?: (message: string, error: unknown) => void;
  /** Told about every command sent to the server (driver command monitoring): for tests and tracing. */
  readonly onCommand?: (command: { commandName: string; command: Record<string, unknown> }) => void;
}

/** How long closing waits for the server to answer before it drops the connections. */
const CLOSE_GRACE_MS = 2000;

export interface MongoStore extends Store {
  /** Whether the server deletes expired documents by itself (TTL indexes); otherwise the store sweeps. */
  readonly ttl: boolean;
}

/**
 * Connects, creates the indexes and waits for them. Throws StoreUnavailableError when the server
 * cannot be reached: fail fast at start-up rather than serve without the unique indexes.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const connection = createConnection(options.uri, {
    ...(options.dbName && { dbName: options.dbName }),
    appName: "tessera",
    // No buffering: while the server is away, commands fail within the selection timeout
    // (and become a 503) instead of queueing in memory.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 1000,
    connectTimeoutMS: 2000,
    monitorCommands: options.onCommand !== undefined,
  });
  // Connection errors surface through the operations that meet them; an unheard 'error' event
  // would otherwise crash the process.
  connection.on("error", () => {});

  try {
    await connection.asPromise();
    if (options.onCommand) connection.getClient().on("commandStarted", options.onCommand);
    const models = defineModels(connection);
    const guard = createGuard(options.operationTimeoutMS ?? OPERATION_TIMEOUT_MS);
    const { ttl } = await createIndexes(models);
    // Sessions ended by earlier versions were flagged, not deleted: they go now.
    await models.sessions.collection.deleteMany({ status: "expired" });
    const warn = options.onWarning ?? (() => {});
    const attempts = new MongoAttemptLog(models.attemptSlots, guard);
    const sweeper = ttl
      ? null
      : startExpiredDocumentSweeper(expiring(models), (error) => warn("expired-document sweep failed", error));

    return {
      name: "mongodb",
      users: new MongoUserRepository(models.users, models.credentials, guard, attempts),
      sessions: new MongoSessionRepository(models.sessions, models.users, guard),
      attempts,
      devices: new MongoDeviceRepository(models.devices, guard),
      accountTokens: new MongoAccountTokenRepository(models.accountTokens, guard),
      outbox: new MongoOutbox(models.outbox, guard),
      ttl,
      ping: async () => {
        try {
          await guard(() => connection.db!.command({ ping: 1 }));
          return true;
        } catch (error) {
          if (error instanceof StoreUnavailableError) return false;
          throw error;
        }
      },
      close: async () => {
        sweeper?.stop();
        // A server that hangs would hold a graceful close (it says goodbye to the server) for ever.
        const closed = connection.close().then(() => true);
        const gentle = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS, false).unref())]);
        if (!gentle) await connection.close(true);
      },
    };
  } catch (error) {
    await connection.close().catch(() => {});
    if (isUnavailable(error)) {
      throw new StoreUnavailableError(`MongoDB at ${redact(options.uri)} cannot be reached`, { cause: error });
    }
    throw error;
  }
}

/** The URI without its password, fit for a log line. */
export function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, "//***@");
}
