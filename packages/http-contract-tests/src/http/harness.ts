import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { openTessera, type Logger, type Tessera } from "@tessera/core";
import type { Store } from "@tessera/domain/ports";
import { deviceCookieName, type CookieSettings } from "@tessera/http/cookies";
import { answerMalformedRequests } from "@tessera/server/client-error";
import { loadSettings } from "@tessera/server/settings";
import { createMemoryStore } from "@tessera/memory/memory-store";
import request from "supertest";
import { expect } from "vitest";
import { audit } from "./audit.js";
import { createOpenApiCheck } from "./openapi-check.js";

/** A host under test: one of the reference apps, or a host that mounts Tessera its own way. */
export interface HttpFactory {
  /** The host around a Tessera, as a Node request listener (an Express app, a Koa callback). */
  listener(tessera: Tessera, logger: Logger): RequestListener;
  /** A store to run against; the memory store when absent. Closed when the harness stops. */
  store?(): Promise<Store>;
  /** Where the host mounts Tessera's routes ("/auth"); the root when absent. */
  readonly prefix?: string;
  /**
   * False for a host of one's own: its 404s, pages and request logs are its own business, and only
   * Tessera's routes are held to the contract. The reference apps are held to all of it.
   */
  readonly referenceHost?: boolean;
  /**
   * Host routes behind requireSession and readSession, for the guard suite: each answers GET and
   * POST with `{ email, sessionId }` of req.auth (null without a session).
   */
  readonly guardedPaths?: { readonly required: string; readonly optional: string };
  /**
   * The host's own body parser decodes bodies before Tessera sees them (express.json(),
   * @koa/bodyparser): bytes that are not UTF-8 reach Tessera as U+FFFD, so its answer is about the
   * fields (400 invalid_request), not the bytes (400 invalid_json).
   */
  readonly decodesBodies?: boolean;
}

export interface HarnessOptions {
  /**
   * Settings as the environment gives them to the apps, read by the apps' own settings loading
   * (so a misread setting fails here too). The bcrypt cost defaults to 4: the suite tests
   * behaviour, the benchmark measures cost.
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** The routes that start a session, and so may answer a token in the body to a bearer client. */
const SESSION_ROUTES = new Set(["/api/users/register", "/api/users/login", "/api/users/password"]);

export type Call = request.Test;

/** An answer read off the socket by hand, for requests supertest cannot shape. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly body: unknown;
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Each chunk is written on its own; with no Content-Length header the body goes chunked. */
  readonly chunks?: readonly (string | Buffer)[];
}

/**
 * One running app: a real socket on loopback, a clock the test can move, a log it can read, and a
 * client that audits every answer against the rules that hold for all of them.
 */
export class Harness {
  readonly cookie: CookieSettings;
  /** Where the host mounts Tessera's routes: every path the suites name is sent under it. */
  readonly prefix: string;
  readonly logs: string[] = [];
  /** Every secret seen so far: none may ever appear in a body or a log line. */
  readonly secrets = new Set<string>();
  /** The app's time: frozen, moved only by the test, so no assertion depends on how fast the machine is. */
  private nowMs: number;

  private readonly conforms: ReturnType<typeof createOpenApiCheck>;

  private constructor(
    private readonly server: Server,
    readonly tessera: Tessera,
    readonly factory: HttpFactory,
    /** The store the host runs on: a test may check what it keeps (digests, never tokens). */
    readonly store: Store,
    private readonly startMs: number,
    /** The OpenAPI document the app publishes: every answer is checked against it. */
    openApi: object,
  ) {
    this.cookie = tessera.cookie;
    this.prefix = factory.prefix ?? "";
    this.nowMs = startMs;
    this.conforms = createOpenApiCheck(openApi);
  }

  /**
   * Starts a host as the apps start: settings read from `env` by the apps' own loading, then
   * openTessera, then the host around it, on a real socket on loopback.
   */
  static async start(factory: HttpFactory, options: HarnessOptions = {}): Promise<Harness> {
    const loaded = loadSettings({ BCRYPT_COST: "4", ...options.env });
    if (!loaded.ok) throw new Error(`bad settings for the harness: ${loaded.problems.join("; ")}`);
    let harness: Harness | undefined;
    // Lines logged while Tessera opens (start-up warnings) are kept until the harness exists.
    const early: string[] = [];
    const logger = captureLogger((line) => (harness ? harness.logs.push(line) : early.push(line)));
    // The host's store, or a memory store made here: either way the suites can look inside it.
    const store = (await factory.store?.()) ?? createMemoryStore();
    const started = Date.now();
    const tessera = await openTessera({
      ...loaded.settings.options,
      store,
      logger,
      clock: () => new Date(harness?.nowMs ?? started),
    });
    const server = createServer(factory.listener(tessera, logger));
    answerMalformedRequests(server, tessera);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    harness = new Harness(server, tessera, factory, store, started, tessera.openApi());
    harness.logs.push(...early);
    return harness;
  }

  /** Where mail links point: PUBLIC_URL, or the settings' default outside production. */
  get publicUrl(): string {
    return this.tessera.options.publicUrl ?? "http://127.0.0.1:3000";
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The app's time now. */
  now(): Date {
    return new Date(this.nowMs);
  }

  /** Moves the app's clock, as if that much time had passed. */
  advance(ms: number): void {
    this.nowMs += ms;
  }

  resetClock(): void {
    this.nowMs = this.startMs;
  }

  get(path: string): Call {
    return this.audited(request(this.server).get(this.under(path)));
  }
  post(path: string): Call {
    return this.audited(request(this.server).post(this.under(path)));
  }
  delete(path: string): Call {
    return this.audited(request(this.server).delete(this.under(path)));
  }
  method(method: string, path: string): Call {
    return this.audited(request(this.server)[method.toLowerCase() as "get"](this.under(path)));
  }

  /** A request to one of the host's own paths: not under Tessera's prefix. */
  outside(method: string, path: string): Call {
    return this.audited(request(this.server)[method.toLowerCase() as "get"](path));
  }

  /** A path of Tessera's, where this host mounts it. */
  under(path: string): string {
    return `${this.prefix}${path}`;
  }

  /** Sends exactly the bytes given: for chunked bodies, invalid UTF-8 and other odd requests. */
  async raw({ method, path, headers: given = {}, chunks = [] }: RawRequest): Promise<RawResponse> {
    const headers: Record<string, string> = { ...given, ...lengthFor(method, given, chunks) };
    const response = await new Promise<RawResponse>((resolve, reject) => {
      // A fresh connection each time: an answer that closes its socket never spoils the next request.
      // The path goes out exactly as given: no URL parsing tidies "/." or "//" away.
      const { port } = this.server.address() as AddressInfo;
      const call = httpRequest({ host: "127.0.0.1", port, path: this.under(path), method, headers, agent: false }, (incoming) => {
        const received: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => received.push(chunk));
        incoming.on("end", () => {
          const text = Buffer.concat(received).toString("utf8");
          const isJson = incoming.headers["content-type"]?.startsWith("application/json") ?? false;
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, body: isJson && text ? JSON.parse(text) : undefined });
        });
      });
      // The server may answer and close before the upload ends (413): that is an answer, not a failure.
      call.on("error", reject);
      for (const chunk of chunks) call.write(chunk);
      call.end();
    });
    const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    this.check(response, method, path, header("x-session-transport"), header("authorization"));
    return response;
  }

  /**
   * The answer exactly as it came off the socket, body bytes and all, which Node's client would not
   * show for a HEAD: to prove that no body follows the headers.
   */
  async bytes(method: string, path: string, headers: Readonly<Record<string, string>> = {}): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const { port } = this.server.address() as AddressInfo;
    const lines = [`${method} ${this.under(path)} HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(`${lines.join("\r\n")}\r\n\r\n`));
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
      socket.on("error", reject);
    });
    const [head = "", ...rest] = raw.split("\r\n\r\n");
    const [statusLine = "", ...headerLines] = head.split("\r\n");
    const answerHeaders = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
    return { status: Number(statusLine.split(" ")[1]), headers: answerHeaders, body: rest.join("\r\n\r\n") };
  }

  /** A password the audit will look for in every answer. */
  secret<T extends string>(value: T): T {
    this.secrets.add(value);
    return value;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.tessera.close();
  }

  private audited(call: Call): Call {
    return call.expect((response) => {
      const sent = (response as unknown as { req: { method: string; path: string; getHeader(name: string): unknown } }).req;
      const header = (name: string) => sent.getHeader(name) as string | undefined;
      this.check(response, sent.method, this.within(sent.path), header("x-session-transport"), header("authorization"));
    });
  }

  /** A path as Tessera names it, without the prefix the host mounts it under. */
  private within(path: string): string {
    return this.prefix && path.startsWith(this.prefix) ? path.slice(this.prefix.length) || "/" : path;
  }

  /** Audits an answer, then remembers the tokens it handed out, so no later answer may show them. */
  private check(response: RawResponse, method: string, path: string, transport: string | undefined, authorization: string | undefined): void {
    const route = path.split("?")[0] as string;
    // With REQUIRE_VERIFIED_EMAIL a registration starts no session: no token, whatever was asked.
    const sessionless = route === "/api/users/register" && this.tessera.options.recovery.requireVerifiedEmail;
    const startsSession = method === "POST" && SESSION_ROUTES.has(route) && !sessionless;
    // A new token goes back the way the credential came: asked for, or because the request itself used a Bearer token.
    const bearer = transport?.trim().toLowerCase() === "bearer" || (/^bearer +\S+ *$/i.test(authorization ?? "") && path.startsWith("/api/users/password"));
    audit(response, this.secrets, { bearerTransport: startsSession && bearer, method, path });
    this.conforms(method, path, response);
    const inBody = (response.body as { token?: unknown } | undefined)?.token;
    const deviceHeader = response.headers["x-device-token"];
    const issued = [
      ...tokensIn(response.headers["set-cookie"], this.cookie.name),
      ...tokensIn(response.headers["set-cookie"], deviceCookieName(this.cookie)),
      ...(typeof inBody === "string" ? [inBody] : []),
      ...(typeof deviceHeader === "string" ? [deviceHeader] : []),
    ];
    for (const token of issued) {
      this.secrets.add(token);
      this.secrets.add(createHash("sha256").update(token).digest("base64url"));
    }
    this.checkLogs();
  }

  private logsChecked = 0;
  private secretsChecked = new Set<string>();

  /**
   * No secret in any log line: new lines against every secret, new secrets against the older lines.
   * And whatever the harness did not see: nothing shaped like a token or a digest (43 base64url
   * characters), no bcrypt hash in any line, and no stack trace but in the line of a bug
   * (internal_error), where it is the detail the operator needs and the answer never shows.
   */
  private checkLogs(): void {
    for (const line of this.logs.slice(this.logsChecked)) {
      expect(line, "a token or digest in a log line").not.toMatch(/(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{43}($|[^A-Za-z0-9_-])/);
      expect(line, "a bcrypt hash in a log line").not.toContain("$2b$");
      if (!line.includes('"event":"internal_error"')) expect(line, "a stack trace in a log line").not.toMatch(/\bat .+:\d+:\d+/);
    }
    const older = this.logs.slice(0, this.logsChecked);
    const newer = this.logs.slice(this.logsChecked);
    for (const secret of this.secrets) {
      const lines = this.secretsChecked.has(secret) ? newer : [...older, ...newer];
      for (const line of lines) expect(line.includes(secret), "a secret in a log line").toBe(false);
      this.secretsChecked.add(secret);
    }
    this.logsChecked += newer.length;
  }
}

/**
 * Node's client sends a body of GET, HEAD, DELETE, OPTIONS and TRACE unframed unless told its length;
 * the server would read those bytes as the next request. Such bodies get a Content-Length.
 */
function lengthFor(method: string, headers: Readonly<Record<string, string>>, chunks: readonly (string | Buffer)[]): Record<string, string> {
  const framed = Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name));
  if (framed || chunks.length === 0 || !["GET", "HEAD", "DELETE", "OPTIONS", "TRACE"].includes(method.toUpperCase())) return {};
  return { "Content-Length": String(chunks.reduce((total, chunk) => total + Buffer.byteLength(chunk), 0)) };
}

function tokensIn(setCookie: unknown, name: string): string[] {
  const cookies = Array.isArray(setCookie) ? (setCookie as string[]) : [];
  return cookies
    .map((cookie) => cookie.match(new RegExp(`^${name.replace(/[$-]/g, "\\$&")}=([^;]+)`))?.[1])
    .filter((token): token is string => !!token);
}

function captureLogger(write: (line: string) => void): Logger {
  const record = (level: string) => (fields: object, message?: string) =>
    write(JSON.stringify({ level, ...fields, message }, (_key, value) => (value instanceof Error ? { message: value.message, stack: value.stack } : value)));
  // At info, as the apps log by default: debug lines are not kept.
  return { debug: () => {}, info: record("info"), warn: record("warn"), error: record("error") };
}
