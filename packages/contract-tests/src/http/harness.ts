import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCommonPasswordCheck } from "@tessera/common-passwords/common-password-list";
import { BcryptPasswordHasher } from "@tessera/crypto/bcrypt-password-hasher";
import { NodeTokenIssuer } from "@tessera/crypto/node-token-issuer";
import { createAuth } from "@tessera/domain/auth";
import type { Store } from "@tessera/domain/ports";
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from "@tessera/domain/session";
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from "@tessera/domain/throttle";
import { createHttpApi, type HttpApi } from "@tessera/http/api";
import type { Logger } from "@tessera/http/logger";
import { answerMalformedRequests } from "@tessera/http/client-error";
import { DEVELOPMENT_POLICY, type HttpPolicy } from "@tessera/http/policy";
import { deviceCookieName } from "@tessera/http/cookies";
import request from "supertest";
import { expect } from "vitest";
import { audit } from "./audit.js";
import { createOpenApiCheck } from "./openapi-check.js";


export interface HttpFactory {
  /** The app under test, as a Node request listener (Express app, Koa callback). */
  listener(api: HttpApi): RequestListener;
  /** A store to run against; closed when the suite ends. */
  store(): Promise<Store>;
}

export interface HarnessOptions {
  readonly http?: Partial<HttpPolicy>;
  readonly session?: SessionPolicy;
  readonly throttle?: ThrottlePolicy;
  readonly bcryptCost?: number;
}

/** The routes that start a session, and so may answer a token in the body to a bearer client. */
const SESSION_ROUTES = new Set(["/api/users/register", "/api/users/login", "/api/users/password"]);

// Loaded once for every harness: decompressing the list takes a moment.
const isCommonPassword = createCommonPasswordCheck();

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
  readonly cookie: HttpPolicy["cookie"];
  readonly logs: string[] = [];
  /** Every secret seen so far: none may ever appear in a body or a log line. */
  readonly secrets = new Set<string>();
  private offsetMs = 0;

  private readonly conforms: ReturnType<typeof createOpenApiCheck>;

  private constructor(
    private readonly server: Server,
    readonly store: Store,
    readonly policy: HttpPolicy,
    /** The OpenAPI document the app publishes: every answer is checked against it. */
    readonly openApi: object,
  ) {
    this.cookie = policy.cookie;
    this.conforms = createOpenApiCheck(openApi);
  }

  static async start(factory: HttpFactory, options: HarnessOptions = {}): Promise<Harness> {
    const store = await factory.store();
    let harness: Harness | undefined;
    const logger = captureLogger((line) => harness?.logs.push(line));
    const clock = () => new Date(Date.now() + (harness?.offsetMs ?? 0));
    // The lowest cost bcrypt takes: the suite tests behaviour, the benchmark measures cost.
    const hasher = new BcryptPasswordHasher(options.bcryptCost ?? 4);
    await hasher.prepare();
    const auth = createAuth({
      users: store.users,
      sessions: store.sessions,
      attempts: store.attempts,
      devices: store.devices,
      tokens: new NodeTokenIssuer(),
      hasher,
      isCommonPassword,
      clock,
      policy: options.session ?? DEFAULT_SESSION_POLICY,
      throttle: options.throttle ?? DEFAULT_THROTTLE_POLICY,
    });
    const policy = { ...DEVELOPMENT_POLICY, ...options.http };
    const api = createHttpApi({ auth, policy, isReady: () => store.ping(), logger });
    const server = createServer(factory.listener(api));
    answerMalformedRequests(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    harness = new Harness(server, store, policy, api.openApi);
    return harness;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Moves the app's clock, as if that much time had passed. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  resetClock(): void {
    this.offsetMs = 0;
  }

  get(path: string): Call {
    return this.audited(request(this.server).get(path));
  }
  post(path: string): Call {
    return this.audited(request(this.server).post(path));
  }
  delete(path: string): Call {
    return this.audited(request(this.server).delete(path));
  }
  method(method: string, path: string): Call {
    return this.audited(request(this.server)[method.toLowerCase() as "get"](path));
  }

  /** Sends exactly the bytes given: for chunked bodies, invalid UTF-8 and other odd requests. */
  async raw({ method, path, headers: given = {}, chunks = [] }: RawRequest): Promise<RawResponse> {
    const headers: Record<string, string> = { ...given, ...lengthFor(method, given, chunks) };
    const response = await new Promise<RawResponse>((resolve, reject) => {
      // A fresh connection each time: an answer that closes its socket never spoils the next request.
      // The path goes out exactly as given: no URL parsing tidies "/." or "//" away.
      const { port } = this.server.address() as AddressInfo;
      const call = httpRequest({ host: "127.0.0.1", port, path, method, headers, agent: false }, (incoming) => {
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

  /** A password the audit will look for in every answer. */
  secret<T extends string>(value: T): T {
    this.secrets.add(value);
    return value;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.store.close();
  }

  private audited(call: Call): Call {
    return call.expect((response) => {
      const sent = (response as unknown as { req: { method: string; path: string; getHeader(name: string): unknown } }).req;
      const header = (name: string) => sent.getHeader(name) as string | undefined;
      this.check(response, sent.method, sent.path, header("x-session-transport"), header("authorization"));
    });
  }

  /** Audits an answer, then remembers the tokens it handed out, so no later answer may show them. */
  private check(response: RawResponse, method: string, path: string, transport: string | undefined, authorization: string | undefined): void {
    const startsSession = method === "POST" && SESSION_ROUTES.has(path.split("?")[0] as string);
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

  /** No secret in any log line: new lines against every secret, new secrets against the older lines. */
  private checkLogs(): void {
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
