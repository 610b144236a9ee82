import type { IncomingMessage } from "node:http";
import { errorResponse } from "./errors.js";
import type { HttpResponse } from "./response.js";

export const BODY_LIMIT_BYTES = 16 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: HttpResponse };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads a JSON body by the contract's rules, in its order: too large (413), not JSON (415),
 * malformed (400 invalid_json). No framework's body parser is needed, so every host gets the same
 * answers; a body its own parser already read (`parsed`) is held to the same rules, judged by the
 * headers it came with.
 */
export async function readJsonBody(request: IncomingMessage, parsed?: ParsedBody, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  if (parsed) return judgeParsed(request, parsed, limit);
  return judgeBytes(request, await readLimited(request, limit));
}

/** A body a host's parser read: what it parsed to, and the text it parsed when the parser kept it. */
export interface ParsedBody {
  readonly value: unknown;
  readonly raw?: string | Buffer | undefined;
}

function judgeBytes(request: IncomingMessage, read: Uint8Array | "too_large" | "unreadable"): BodyResult {
  if (read === "too_large") return { ok: false, response: tooLarge() };
  if (read === "unreadable") return { ok: false, response: errorResponse("invalid_json", { detail: "The request body could not be read" }) };
  if (!isJsonContent(request)) return { ok: false, response: errorResponse("unsupported_media_type") };

  let text: string;
  try {
    text = utf8.decode(read);
  } catch {
    return { ok: false, response: errorResponse("invalid_json", { detail: "The request body is not valid UTF-8" }) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: errorResponse("invalid_json") };
  }
}

/**
 * A body the host parsed: its size by the length it was declared with (or, sent in chunks, by the
 * JSON it parsed to), its type by its Content-Type, so a form the host decoded is still a 415.
 */
function judgeParsed(request: IncomingMessage, { value, raw }: ParsedBody, limit: number): BodyResult {
  // The text it parsed, when the parser kept it (@koa/bodyparser does): judged as if read here.
  if (raw !== undefined) {
    const bytes = typeof raw === "string" ? Buffer.from(raw) : raw;
    return judgeBytes(request, bytes.length > limit ? "too_large" : bytes);
  }
  const declared = Number(request.headers["content-length"]);
  const size = Number.isFinite(declared) ? declared : Buffer.byteLength(JSON.stringify(value) ?? "");
  if (size > limit) return { ok: false, response: tooLarge() };
  if (!isJsonContent(request)) return { ok: false, response: errorResponse("unsupported_media_type") };
  // A parser that only read the text (express.text()) leaves the JSON to us.
  if (typeof value === "string" || Buffer.isBuffer(value)) return judgeBytes(request, Buffer.from(value));
  return { ok: true, value };
}

/**
 * The body a host's parser left, if one read the stream: body-parser marks the request it parsed,
 * other parsers leave the stream ended. An empty body leaves nothing parsed: it is read here, as
 * nothing, and answered as any empty body is.
 */
export function hostParsedBody(request: IncomingMessage, value: unknown, raw?: string): ParsedBody | undefined {
  if (value === undefined) return undefined;
  if (raw !== undefined || (request as { _body?: unknown })._body === true) return { value, raw };
  const declared = request.headers["content-length"];
  return request.readableEnded && declared !== "0" ? { value } : undefined;
}

function tooLarge(): HttpResponse {
  // The rest of an oversized body is never read; closing the connection stops its upload.
  return errorResponse("payload_too_large", { headers: { Connection: "close" } });
}

function readLimited(request: IncomingMessage, limit: number): Promise<Uint8Array | "too_large" | "unreadable"> {
  const declared = Number(request.headers["content-length"]);
  if (declared > limit) return Promise.resolve("too_large");
  // Read to its end already (an empty body a host's parser looked at): there is nothing more to come.
  if (request.readableEnded) return Promise.resolve(new Uint8Array(0));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Uint8Array | "too_large" | "unreadable") => {
      request.off("data", onData).off("end", onEnd).off("error", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep the stream flowing into nowhere, so the request ends and the answer can be sent.
        request.resume();
        finish("too_large");
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onError = () => finish("unreadable");
    request.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** application/json, with no charset or with UTF-8, and no content encoding. */
function isJsonContent(request: IncomingMessage): boolean {
  const encoding = request.headers["content-encoding"];
  if (encoding && encoding.toLowerCase() !== "identity") return false;
  const [type = "", ...params] = (request.headers["content-type"] ?? "").split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  return params.every((param) => {
    const [key = "", value = ""] = param.split("=");
    if (key.trim().toLowerCase() !== "charset") return true;
    return value.trim().replace(/^"|"$/g, "").toLowerCase() === "utf-8";
  });
}
