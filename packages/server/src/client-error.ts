import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Tessera } from "@tessera/core";
import { toWire } from "@tessera/http/wire";
import type { ErrorCode } from "@tessera/http/errors";

const CODES: Readonly<Record<string, ErrorCode>> = {
  HPE_HEADER_OVERFLOW: "headers_too_large",
  ERR_HTTP_REQUEST_TIMEOUT: "request_timeout",
};

const REASONS: Readonly<Record<number, string>> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/**
 * Requests Node's HTTP parser refuses never reach a framework (an unknown method, a broken header).
 * Without this, Node answers them with a bare 400 of its own; with it, they get the same error
 * envelope as everything else.
 */
export function answerMalformedRequests(server: Server, tessera: Pick<Tessera, "error">): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // An answer already on its way (the parser failed on what followed it) must not get a second one.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!socket.writable || answering || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const wire = toWire(tessera.error(CODES[error.code ?? ""] ?? "malformed_request", { headers: { Connection: "close" } }));
    const body = wire.body ?? "";
    const headers = { ...wire.headers, "Content-Length": String(Buffer.byteLength(body)) };
    const head = [`HTTP/1.1 ${wire.status} ${REASONS[wire.status] ?? "Bad Request"}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`)];
    socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  });
}
