import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { errorResponse, type ErrorCode } from "./errors.js";
import { toWire } from "./wire.js";

const CODES: Readonly<Record<string, ErrorCode>> = {
  HPE_HEADER_OVERFLOW: "headers_too_large",
  ERR_HTTP_REQUEST_TIMEOUT: "request_timeout",
};

/**
 * Requests Node's HTTP parser refuses never reach either framework (an unknown method, a broken
 * header). Without this, Node answers them with a bare 400 of its own; with it, they get the same
 * error envelope as everything else, from both apps alike.
 */
export function answerMalformedRequests(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // An answer already on its way (the parser failed on what followed it) must not get a second one.
    const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!socket.writable || answering || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const wire = toWire(errorResponse(CODES[error.code ?? ""] ?? "malformed_request", { headers: { Connection: "close" } }), randomUUID());
    const reason = wire.status === 408 ? "Request Timeout" : wire.status === 431 ? "Request Header Fields Too Large" : "Bad Request";
    const head = [`HTTP/1.1 ${wire.status} ${reason}`, ...Object.entries(wire.headers).map(([name, value]) => `${name}: ${String(value)}`)];
    socket.end(`${head.join("\r\n")}\r\n\r\n${wire.body ?? ""}`);
  });
}
