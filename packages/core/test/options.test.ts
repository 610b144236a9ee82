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
      mail: { from: "Tessera <no-reply@localhost>", firstRetrySeconds: 5, maxAttempts: 8, pollSeconds: 1 },
      recovery: {
        resetTokenLifetimeSeconds: 3600,
        verifyTokenLifetimeSeconds: DAY,
        requireVerifiedEmail: false,
        maxResetRequestsPerAddress: 20,
        resetRequestWindowSeconds: 900,
        maxResetMailsPerAccount: 3,
        maxVerificationMailsPerAccount: 3,
        accountMailWindowSeconds: 3600,
      },
      trustProxyHops: 0,
    });
  });

  it("takes the public URL without its trailing slash, and refuses one a link cannot start with", () => {
    expect(resolveOptions({ publicUrl: "https://auth.example.org/app/" }).publicUrl).toBe("https://auth.example.org/app");
    for (const publicUrl of ["auth.example.org", "ftp://auth.example.org", "https://auth.example.org/?a=1", "https://u:p@auth.example.org"]) {
      expect(() => resolveOptions({ publicUrl }), publicUrl).toThrow(
        "publicUrl must be an http:// or https:// URL without query, fragment or credentials, e.g. https://app.example.org",
      );
    }
  });

  it("takes an smtp:// or smtps:// mail URL, and never repeats one it refuses", () => {
    expect(resolveOptions({ mail: { url: "smtps://user:secret@mail.example.org:465" } }).mail.url).toBe("smtps://user:secret@mail.example.org:465");
    for (const url of ["http://mail.example.org", "mail.example.org:25", "smtp://"]) {
      try {
        resolveOptions({ mail: { url: url.replace("mail", "user:secret@mail") } });
        expect.unreachable(url);
      } catch (error) {
        expect((error as Error).message).toBe("Invalid Tessera options: mail.url must be smtp://user:pass@host:port or smtps://user:pass@host:port");
        expect((error as Error).message).not.toContain("secret");
      }
    }
  });

  it("checks the recovery limits and lifetimes like every other number", () => {
    expect(() => resolveOptions({ recovery: { resetTokenLifetimeSeconds: 0, maxResetMailsPerAccount: 0 } })).toThrow(
      "recovery.resetTokenLifetimeSeconds must be at least 1; recovery.maxResetMailsPerAccount must be at least 1",
    );
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
    const mailing = { publicUrl: "https://auth.example.org", mail: { url: "smtp://mail.example.org:587" } };
    expect(() => resolveOptions({ production: true, ...mailing, bcrypt: { cost: 9 }, cookie: { name: "token", secure: false } })).toThrow(
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

  it("refuses production without a mail server: mail would never leave", () => {
    expect(() => resolveOptions({ production: true })).toThrow(
      expect.objectContaining({
        problems: [{ path: ["mail", "url"], message: "is required in production: without it mail stays in the development outbox and is never sent" }],
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
      "POST /api/users/password/forgot",
      "POST /api/users/password/reset",
      "POST /api/users/email/verify",
      "POST /api/users/email/verification",
      "POST /api/users/email",
      "DELETE /api/users/me",
      "GET /api/sessions",
      "DELETE /api/sessions",
      "DELETE /api/sessions/:id",
      "GET /healthz",
      "GET /readyz",
      "GET /dev/outbox",
    ]);
    await tessera.close();
  });

  it("uses a Secure __Host-token cookie in production, and serves no development outbox there", async () => {
    const tessera = await openTessera({
      production: true,
      publicUrl: "https://auth.example.org",
      mail: { url: "smtp://127.0.0.1:9" },
      bcrypt: { cost: 10 },
      logger: quiet,
    });
    expect(tessera.cookie).toEqual({ name: "__Host-token", secure: true });
    expect(tessera.routes.map((route) => route.path)).not.toContain("/dev/outbox");
    await tessera.close();
  });

  it("says where mail goes, never with the mail server's password", async () => {
    const lines: string[] = [];
    const logger = { ...quiet, info: (fields: object, message?: string) => lines.push(JSON.stringify({ ...fields, message })) };
    const smtp = await openTessera({ bcrypt: { cost: 4 }, mail: { url: "smtp://user:secret@127.0.0.1:9" }, logger });
    await smtp.close();
    const outbox = await openTessera({ bcrypt: { cost: 4 }, logger });
    await outbox.close();
    const said = lines.filter((line) => line.includes("mail_delivery"));
    expect(said).toHaveLength(2);
    expect(said[0]).toContain("smtp://***@127.0.0.1:9");
    expect(said[1]).toContain("development outbox");
    expect(lines.join()).not.toContain("secret");
  });

  it("starts production without a public URL, warning once that mail links reach nobody", async () => {
    const lines: string[] = [];
    const logger = { ...quiet, warn: (fields: object, message?: string) => lines.push(JSON.stringify({ ...fields, message })) };
    const production = { production: true, bcrypt: { cost: 10 }, mail: { url: "smtp://127.0.0.1:9" }, logger };
    const tessera = await openTessera(production);
    await tessera.close();
    expect(lines.filter((line) => line.includes("config_warning"))).toEqual([
      expect.stringContaining("publicUrl (PUBLIC_URL) is not set: mail links point at http://127.0.0.1:3000"),
    ]);
    const told = await openTessera({ ...production, publicUrl: "https://auth.example.org" });
    await told.close();
    expect(lines.filter((line) => line.includes("config_warning"))).toHaveLength(1);
  });

  it("delivers queued mail with mail.runOnce, into the development outbox", async () => {
    const store = createMemoryStore();
    const tessera = await openTessera({ store, bcrypt: { cost: 4 }, publicUrl: "https://auth.example.org", logger: quiet });
    await store.outbox.add({ kind: "password_changed", userId: "u1", to: "ada@example.org" }, new Date());
    await tessera.mail.runOnce();
    const [kept] = await store.outbox.kept(10);
    expect(kept?.message).toMatchObject({ to: "ada@example.org", subject: "Your password was changed" });
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
    expect(document.tags.map((tag) => tag.name)).toEqual(["users", "recovery", "sessions", "operations", "development", "notes"]);
    await tessera.close();
  });
});
