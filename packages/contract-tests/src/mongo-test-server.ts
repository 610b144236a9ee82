import { connect } from "node:net";
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from "testcontainers";
import { freeLoopbackPort } from "./free-port.js";

/*
 * A real Mongo-wire server for the integration suites, found in this order:
 *   1. MONGODB_URI, when set: a server someone already runs;
 *   2. a container through testcontainers: MONGO_TEST_IMAGE (default mongo:8). With Docker's
 *      usual bridge network the port is mapped; with MONGO_TEST_NETWORK=host (machines whose
 *      engine has no bridge) the server listens on a free loopback port chosen here.
 * MONGO_TEST_KIND says how to start the image: "mongodb" (default) or "ferretdb" (the default when
 * the image name mentions ferretdb).
 */

export interface MongoTestServer {
  readonly uri: string;
  /** Where the server came from, for the one line the suite prints. */
  readonly description: string;
  /** Kills the server process, as a crash or a pulled plug would; only for servers started here. */
  readonly kill?: () => Promise<void>;
  /** Starts a killed server again, on the same port and with the same data. */
  readonly restart?: () => Promise<void>;
  /** Freezes the server (as SIGSTOP does): connections stay open and nothing answers. */
  readonly pause?: () => Promise<void>;
  readonly resume?: () => Promise<void>;
  stop(): Promise<void>;
}

export type Env = Readonly<Record<string, string | undefined>>;

const LABELS = { "org.tessera.test": "true" };

interface Kind {
  readonly ready: RegExp;
  configure(container: GenericContainer, port: number, hostNetwork: boolean): GenericContainer;
}

const KINDS: Readonly<Record<string, Kind>> = {
  mongodb: {
    ready: /Waiting for connections/,
    configure: (container, port, hostNetwork) =>
      hostNetwork ? container.withCommand(["--port", String(port), "--bind_ip", "127.0.0.1"]) : container,
  },
  ferretdb: {
    ready: /Listening on TCP/,
    configure: (container, port, hostNetwork) =>
      container.withEnvironment({ FERRETDB_LISTEN_ADDR: `${hostNetwork ? "127.0.0.1" : "0.0.0.0"}:${port}` }),
  },
};

export async function startMongoTestServer(env: Env = process.env): Promise<MongoTestServer> {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, description: "the server at MONGODB_URI", stop: async () => {} };

  const image = env.MONGO_TEST_IMAGE || "mongo:8";
  const kindName = env.MONGO_TEST_KIND || (/ferretdb/i.test(image) ? "ferretdb" : "mongodb");
  const kind = KINDS[kindName];
  if (!kind) throw new Error(`MONGO_TEST_KIND must be one of ${Object.keys(KINDS).join(", ")}, not "${kindName}"`);

  const hostNetwork = env.MONGO_TEST_NETWORK === "host";
  // A fixed host port in both modes, so the server can be killed and started again where clients expect it.
  const port = await freeLoopbackPort();
  let container = new GenericContainer(image)
    .withLabels(LABELS)
    .withWaitStrategy(Wait.forLogMessage(kind.ready))
    .withStartupTimeout(60_000);
  container = hostNetwork
    ? container.withNetworkMode("host")
    : container.withExposedPorts({ container: CONTAINER_PORT, host: port });
  const started = await kind.configure(container, hostNetwork ? port : CONTAINER_PORT, hostNetwork).start();

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    description: `${image} (${kindName}) in a container, on 127.0.0.1:${port}`,
    kill: async () => {
      await (await engineContainer(started)).kill({ signal: "SIGKILL" });
    },
    restart: async () => {
      await (await engineContainer(started)).start();
      await waitUntilListening(port);
    },
    pause: async () => {
      await (await engineContainer(started)).pause();
    },
    resume: async () => {
      await (await engineContainer(started)).unpause();
    },
    stop: async () => {
      await started.stop({ timeout: 5_000 });
    },
  };
}

const CONTAINER_PORT = 27017;

/** The engine's own handle on the container, for what testcontainers does not offer: kill, start again. */
async function engineContainer(started: StartedTestContainer) {
  const client = await getContainerRuntimeClient();
  return client.container.getById(started.getId());
}

/** Polls until something accepts connections on the port: the restarted server is back. */
async function waitUntilListening(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => socket.end(() => resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
