import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, normaliseOrigin, ownOrigin } from "../src/client.js";

function request(headers: Record<string, string>, remoteAddress = "10.0.0.2", encrypted = false): IncomingMessage {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as IncomingMessage;
}

describe("client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.1" }), 0)).toBe("10.0.0.2");
  });

  it("is the entry the trusted proxies appended, counted from the right", () => {
    const forwarded = request({ "x-forwarded-for": "198.51.100.66, 203.0.113.1, 192.0.2.9" });
    expect(clientAddress(forwarded, 1)).toBe("192.0.2.9");
    expect(clientAddress(forwarded, 2)).toBe("203.0.113.1");
  });

  it("stops at the leftmost entry when fewer proxies came than are trusted", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.1" }), 5)).toBe("203.0.113.1");
    expect(clientAddress(request({}), 1)).toBe("10.0.0.2");
  });
});

describe("own origin", () => {
  it("comes from the Host header and the socket's scheme", () => {
    expect(ownOrigin(request({ host: "App.Example.org:80" }), 0)).toBe("http://app.example.org");
    expect(ownOrigin(request({ host: "app.example.org" }, "10.0.0.2", true), 0)).toBe("https://app.example.org");
  });

  it("comes from the forwarded scheme and host only behind a trusted proxy", () => {
    const forwarded = request({ host: "10.0.0.5:3000", "x-forwarded-proto": "https", "x-forwarded-host": "auth.example.org" });
    expect(ownOrigin(forwarded, 0)).toBe("http://10.0.0.5:3000");
    expect(ownOrigin(forwarded, 1)).toBe("https://auth.example.org");
  });

  it("is unknown without a usable Host", () => {
    expect(ownOrigin(request({}), 0)).toBeNull();
    expect(ownOrigin(request({ host: "evil.example/path" }), 0)).toBeNull();
  });
});

describe("normaliseOrigin", () => {
  it.each([
    ["https://Example.ORG", "https://example.org"],
    ["https://example.org:443", "https://example.org"],
    ["http://localhost:5173/", "http://localhost:5173"],
  ])("reads %s as %s", (text, origin) => {
    expect(normaliseOrigin(text)).toBe(origin);
  });

  it.each(["null", "example.org", "ftp://example.org", "https://example.org/path", "https://u:p@example.org", "https://example.org?x"])(
    "refuses %s",
    (text) => {
      expect(normaliseOrigin(text)).toBeNull();
    },
  );
});
