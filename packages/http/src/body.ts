import type { IncomingMessage } from "node:http";
import { errorResponse } from "./errors.js";
import type { HttpResponse } from "./response.js";

export const BODY_LIMIT_BYTES = 16 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: HttpResponse };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads a JSON body by the contract's rules, in its order: too large (413), not JSON (415),
 * malformed (400 invalid_json). The framework's own body parsers are not used, so both apps
 * refuse exactly the same bodies with exactly the same answers.
 */
export async function readJsonBody(request: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  const read = await readLimited(request, limit);
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

function tooLarge(): HttpResponse {
  // The rest of an oversized body is never read; closing the connection stops its upload.
  return errorResponse("payload_too_large", { headers: { Connection: "close" } });
}

function readLimited(request: IncomingMessage, limit: number): Promise<Uint8Array | "too_large" | "unreadable"> {
  const declared = Number(request.headers["content-length"]);
  if (declared > limit) return Promise.resolve("too_large");

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
