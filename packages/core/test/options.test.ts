import { createMemoryStore } from "@tessera/memory/memory-store";
import { describe, expect, it } from "vitest";
import { openTessera, TesseraOptionsError } from "../src/index.js";
import { resolveOptions } from "../src/options.js";

const DAY = 24 * 60 * 60;

describe("openTessera's options", () => {
  it("has working defaults with none given: the memory store, 14-day sessions, the contract's limits", () => {
    expect(resolveOptions()).toEqual({
      store: "memory:",
      production: false,
      cookie: {},
      session: { lifetimeSeconds: 14 * DAY, absoluteLifetimeSeconds: 30 * DAY },
      bcrypt: { cost: 12 },
      throttle: {
        windowSeconds: 900,
        maxFailuresPerAccount: 5,
        maxFailuresPerAddress: 100,
        maxFailuresPerDevice: 5,
        registrationWindowSeconds: 900,
        maxRegistrationsPerAddress: 100,
      },
      trustProxyHops: 0,
    });
  });

  it("names every bad option at once, by its path", () => {
    const attempt = () =>
      resolveOptions({
        bcrypt: { cost: 40 },
        cookie: { name: "a b" },
        session: { lifetimeSeconds: 1.5 },
        allowedOrigins: ["example.org"],
        trustProxyHops: -1,
      });
    expect(attempt).toThrow(TesseraOptionsError);
    try {
      attempt();
    } catch (error) {
      expect((error as TesseraOptionsError).problems.map(({ path, message }) => `${path.join(".")} ${message}`)).toEqual([
        "cookie.name may hold only letters, digits and !#$%&'*+-.^_`|~",
        "session.lifetimeSeconds must be a whole number from 60 to 31536000",
        "bcrypt.cost must be at most 31",
        "trustProxyHops must be at least 0",
        'allowedOrigins.0 "example.org" is not an origin like https://app.example.org',
      ]);
    }
  });

  it("refuses, in production, what would weaken the defaults", () => {
    expect(() => resolveOptions({ production: true, bcrypt: { cost: 9 }, cookie: { name: "token", secure: false } })).toThrow(
      expect.objectContaining({
        problems: [
          { path: ["bcrypt", "cost"], message: "must be at least 10 in production" },
          {
            path: ["cookie", "name"],
            message: "must start with __Host- in production (the browser then refuses it without Secure, Path=/, or with a Domain)",
          },
          { path: ["cookie", "secure"], message: "must not be false in production" },
        ],
      }),
    );
  });

  it("refuses an absolute lifetime shorter than the idle one", () => {
    expect(() => resolveOptions({ session: { lifetimeSeconds: 7200, absoluteLifetimeSeconds: 3600 } })).toThrow(
      "session.absoluteLifetimeSeconds must not be shorter than the lifetime",
    );
  });
});

describe("openTessera", () => {
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

  it("runs on the memory store with nothing given, and says loudly that it forgets", async () => {
    const warnings: string[] = [];
    const tessera = await openTessera({ bcrypt: { cost: 4 }, logger: { ...quiet, warn: (_fields, message) => warnings.push(message ?? "") } });
    expect(tessera.storeName).toBe("memory");
    expect(tessera.cookie).toEqual({ name: "token", secure: false });
    expect(warnings.join()).toContain("lost when it exits");
    expect(tessera.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      "POST /api/users/register",
      "POST /api/users/login",
      "POST /api/users/logout",
      "GET /api/users/me",
      "POST /api/users/password",
      "GET /api/sessions",
      "DELETE /api/sessions",
      "DELETE /api/sessions/:id",
      "GET /healthz",
      "GET /readyz",
    ]);
    await tessera.close();
  });

  it("uses a Secure __Host-token cookie in production", async () => {
    const tessera = await openTessera({ production: true, bcrypt: { cost: 10 }, logger: quiet });
    expect(tessera.cookie).toEqual({ name: "__Host-token", secure: true });
    await tessera.close();
  });

  it("takes a store the host opened itself", async () => {
    const store = createMemoryStore();
    const tessera = await openTessera({ store, bcrypt: { cost: 4 }, logger: quiet });
    expect(tessera.storeName).toBe("memory");
    await tessera.close();
  });

  it("names the stores it knows when given a URL it cannot open", async () => {
    await expect(openTessera({ store: "redis://127.0.0.1:6379", logger: quiet })).rejects.toThrow(
      "store must start with one of memory:, mongodb:, mongodb+srv:, sqlite:",
    );
  });

  it("refuses sqlite: without a file, naming what to write", async () => {
    await expect(openTessera({ store: "sqlite:", logger: quiet })).rejects.toThrow("sqlite:./data/tessera.db");
  });

  it("documents its routes, and any the host documents beside them", async () => {
    const tessera = await openTessera({ bcrypt: { cost: 4 }, logger: quiet });
    const document = tessera.openApi([
      { method: "GET", path: "/api/notes", contract: { session: true }, doc: { summary: "Notes", tag: "notes", responses: { 200: { description: "The notes" } } } },
    ]) as { paths: Record<string, unknown>; tags: { name: string }[] };
    expect(Object.keys(document.paths)).toContain("/api/sessions/{id}");
    expect(Object.keys(document.paths)).toContain("/api/notes");
    expect(document.tags.map((tag) => tag.name)).toEqual(["users", "sessions", "operations", "notes"]);
    await tessera.close();
  });
});
