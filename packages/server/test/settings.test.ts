import { describe, expect, it } from "vitest";
import { listenProblem } from "../src/listen-problem.js";
import { loadSettings } from "../src/settings.js";

describe("settings from the environment", () => {
  it("has working defaults with nothing set: users and sessions in ./data/tessera.db, kept across restarts", () => {
    expect(loadSettings({})).toEqual({
      ok: true,
      settings: {
        production: false,
        logLevel: "info",
        logFormat: "json",
        host: "127.0.0.1",
        port: 3000,
        options: { production: false, store: "sqlite:./data/tessera.db", publicUrl: "http://127.0.0.1:3000" },
      },
    });
  });

  it("reads every setting into openTessera's options", () => {
    const result = loadSettings({
      NODE_ENV: "development",
      HOST: "::1",
      PORT: "8080",
      LOG_LEVEL: "debug",
      LOG_FORMAT: "pretty",
      SESSION_COOKIE_NAME: "sid",
      SESSION_LIFETIME_SECONDS: "3600",
      SESSION_ABSOLUTE_LIFETIME_SECONDS: "7200",
      BCRYPT_COST: "10",
      BCRYPT_CONCURRENCY: "2",
      MONGODB_URI: "mongodb://127.0.0.1:27017/tessera",
      MONGODB_DB: "other",
      TRUST_PROXY_HOPS: "1",
      ALLOWED_ORIGINS: "https://App.Example.org, http://localhost:5173/",
      LOGIN_FAILURE_WINDOW_SECONDS: "60",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
      LOGIN_MAX_FAILURES_PER_ADDRESS: "50",
      LOGIN_MAX_FAILURES_PER_DEVICE: "2",
      REGISTER_WINDOW_SECONDS: "120",
      REGISTER_MAX_PER_ADDRESS: "7",
      PUBLIC_URL: "https://auth.example.org",
      MAIL_URL: "smtp://user:pass@127.0.0.1:2525",
      MAIL_FROM: "Auth <auth@example.org>",
      MAIL_RETRY_FIRST_SECONDS: "2",
      MAIL_MAX_ATTEMPTS: "4",
      RESET_TOKEN_LIFETIME_SECONDS: "1800",
      VERIFY_TOKEN_LIFETIME_SECONDS: "7200",
      REQUIRE_VERIFIED_EMAIL: "true",
      FORGOT_PASSWORD_MAX_PER_ADDRESS: "10",
      FORGOT_PASSWORD_WINDOW_SECONDS: "300",
      RESET_MAIL_MAX_PER_ACCOUNT: "2",
      VERIFICATION_MAIL_MAX_PER_ACCOUNT: "5",
      ACCOUNT_MAIL_WINDOW_SECONDS: "600",
    });
    expect(result).toEqual({
      ok: true,
      settings: {
        production: false,
        logLevel: "debug",
        logFormat: "pretty",
        host: "::1",
        port: 8080,
        options: {
          production: false,
          store: "mongodb://127.0.0.1:27017/tessera",
          database: "other",
          cookie: { name: "sid" },
          session: { lifetimeSeconds: 3600, absoluteLifetimeSeconds: 7200 },
          bcrypt: { cost: 10, concurrency: 2 },
          trustProxyHops: 1,
          allowedOrigins: ["https://App.Example.org", "http://localhost:5173/"],
          throttle: {
            windowSeconds: 60,
            maxFailuresPerAccount: 3,
            maxFailuresPerAddress: 50,
            maxFailuresPerDevice: 2,
            registrationWindowSeconds: 120,
            maxRegistrationsPerAddress: 7,
          },
          publicUrl: "https://auth.example.org",
          mail: { url: "smtp://user:pass@127.0.0.1:2525", from: "Auth <auth@example.org>", firstRetrySeconds: 2, maxAttempts: 4 },
          recovery: {
            resetTokenLifetimeSeconds: 1800,
            verifyTokenLifetimeSeconds: 7200,
            requireVerifiedEmail: true,
            maxResetRequestsPerAddress: 10,
            resetRequestWindowSeconds: 300,
            maxResetMailsPerAccount: 2,
            maxVerificationMailsPerAccount: 5,
            accountMailWindowSeconds: 600,
          },
        },
      },
    });
  });

  it("logs readable lines to a terminal outside production, JSON lines otherwise, unless LOG_FORMAT says", () => {
    const format = (env: Record<string, string>, terminal: boolean) => {
      const result = loadSettings(env, { terminal });
      return result.ok ? result.settings.logFormat : result.problems;
    };
    expect(format({}, true)).toBe("pretty");
    expect(format({}, false)).toBe("json");
    expect(format({ NODE_ENV: "production", PUBLIC_URL: "https://a.example.org", MAIL_URL: "smtp://127.0.0.1:25" }, true)).toBe("json");
    expect(format({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(format({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
    expect(format({ LOG_FORMAT: "text" }, false)).toEqual(["LOG_FORMAT must be one of json, pretty"]);
  });

  it("names every bad value at once, by its variable, in words a person understands", () => {
    expect(
      loadSettings({ PORT: "http", BCRYPT_COST: "40", SESSION_COOKIE_NAME: "a b", MONGODB_URI: "localhost", LOG_LEVEL: "loud", TRUST_PROXY_HOPS: "1.5" }),
    ).toEqual({
      ok: false,
      problems: [
        "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
        "PORT must be a whole number from 0 to 65535",
        "MONGODB_URI must start with mongodb:// or mongodb+srv://",
        "SESSION_COOKIE_NAME may hold only letters, digits and !#$%&'*+-.^_`|~",
        "BCRYPT_COST must be at most 31",
        "TRUST_PROXY_HOPS must be a whole number from 0 to 10",
      ],
    });
  });

  it("names an allowed origin that is not an origin", () => {
    expect(loadSettings({ ALLOWED_ORIGINS: "https://ok.example.org,example.org,https://x.org/path" })).toEqual({
      ok: false,
      problems: [
        'ALLOWED_ORIGINS: "example.org" is not an origin like https://app.example.org',
        'ALLOWED_ORIGINS: "https://x.org/path" is not an origin like https://app.example.org',
      ],
    });
  });

  it("accepts only the NODE_ENV values it knows: a misspelt production must not mean development", () => {
    expect(loadSettings({ NODE_ENV: "prod" })).toEqual({ ok: false, problems: ["NODE_ENV must be one of production, development, test"] });
    const mailing = { PUBLIC_URL: "https://auth.example.org", MAIL_URL: "smtp://127.0.0.1:2525" };
    for (const value of ["production", "development", "test"]) expect(loadSettings({ NODE_ENV: value, ...mailing }).ok).toBe(true);
  });

  it("names a bad recovery or mail setting by its variable, never repeating a mail password", () => {
    const result = loadSettings({ REQUIRE_VERIFIED_EMAIL: "yes", PUBLIC_URL: "auth.example.org", MAIL_URL: "http://user:secret@x.org", RESET_TOKEN_LIFETIME_SECONDS: "0" });
    expect(result).toEqual({
      ok: false,
      problems: [
        "PUBLIC_URL must be an http:// or https:// URL without query, fragment or credentials, e.g. https://app.example.org",
        "MAIL_URL must be smtp://user:pass@host:port or smtps://user:pass@host:port",
        "RESET_TOKEN_LIFETIME_SECONDS must be at least 1",
        "REQUIRE_VERIFIED_EMAIL must be true or false",
      ],
    });
    expect(JSON.stringify(result)).not.toContain("secret");
  });

  it("points mail links at this process outside production, and needs MAIL_URL in production", () => {
    expect(loadSettings({ HOST: "0.0.0.0", PORT: "3001" })).toMatchObject({ ok: true, settings: { options: { publicUrl: "http://127.0.0.1:3001" } } });
    expect(loadSettings({ HOST: "::1" })).toMatchObject({ ok: true, settings: { options: { publicUrl: "http://[::1]:3000" } } });
    expect(loadSettings({ NODE_ENV: "production" })).toEqual({
      ok: false,
      problems: ["MAIL_URL is required in production: without it mail stays in the development outbox and is never sent"],
    });
    // Without PUBLIC_URL production starts (openTessera warns that links point at 127.0.0.1).
    expect(loadSettings({ NODE_ENV: "production", MAIL_URL: "smtp://127.0.0.1:2525" })).toMatchObject({ ok: true, settings: { options: { production: true } } });
  });

  it("refuses, in production, a bcrypt cost below 10 and a cookie name without __Host-, naming each", () => {
    const mailing = { PUBLIC_URL: "https://auth.example.org", MAIL_URL: "smtp://127.0.0.1:2525" };
    expect(loadSettings({ NODE_ENV: "production", ...mailing, BCRYPT_COST: "9", SESSION_COOKIE_NAME: "token" })).toEqual({
      ok: false,
      problems: [
        "BCRYPT_COST must be at least 10 in production",
        "SESSION_COOKIE_NAME must start with __Host- in production (the browser then refuses it without Secure, Path=/, or with a Domain)",
      ],
    });
    expect(loadSettings({ NODE_ENV: "production", ...mailing, SESSION_COOKIE_NAME: "__Host-sid" })).toMatchObject({
      ok: true,
      settings: { production: true, options: { production: true, cookie: { name: "__Host-sid" } } },
    });
    expect(loadSettings({ BCRYPT_COST: "4", SESSION_COOKIE_NAME: "token" }).ok).toBe(true);
  });

  it("refuses an absolute limit shorter than the lifetime", () => {
    expect(loadSettings({ SESSION_LIFETIME_SECONDS: "7200", SESSION_ABSOLUTE_LIFETIME_SECONDS: "3600" })).toEqual({
      ok: false,
      problems: ["SESSION_ABSOLUTE_LIFETIME_SECONDS must not be shorter than the lifetime"],
    });
  });

  it("picks the store by DATABASE_URL, takes MONGODB_URI for MongoDB, and refuses both naming different stores", () => {
    expect(loadSettings({ DATABASE_URL: "memory:" })).toMatchObject({ ok: true, settings: { options: { store: "memory:" } } });
    expect(loadSettings({ DATABASE_URL: "sqlite:/var/lib/tessera/auth.db" })).toMatchObject({
      ok: true,
      settings: { options: { store: "sqlite:/var/lib/tessera/auth.db" } },
    });
    expect(loadSettings({ MONGODB_URI: "mongodb://127.0.0.1/x" })).toMatchObject({ ok: true, settings: { options: { store: "mongodb://127.0.0.1/x" } } });
    expect(loadSettings({ DATABASE_URL: "redis://x" })).toEqual({
      ok: false,
      problems: ["DATABASE_URL must start with one of memory:, mongodb:, mongodb+srv:, sqlite:"],
    });
    expect(loadSettings({ DATABASE_URL: "memory:", MONGODB_URI: "mongodb://127.0.0.1/x" })).toEqual({
      ok: false,
      problems: ["DATABASE_URL and MONGODB_URI name different stores: set one of them"],
    });
  });

  it("refuses a sqlite: URL that names no file, saying what it needs", () => {
    for (const url of ["sqlite:", "sqlite:   ", "SQLITE:"]) {
      expect(loadSettings({ DATABASE_URL: url })).toEqual({
        ok: false,
        problems: ["DATABASE_URL must name the database file after sqlite:, e.g. sqlite:./data/tessera.db"],
      });
    }
  });

  it("treats an empty variable as unset", () => {
    expect(loadSettings({ PORT: "", MONGODB_URI: "", DATABASE_URL: "" })).toMatchObject({
      ok: true,
      settings: { port: 3000, options: { production: false, store: "sqlite:./data/tessera.db" } },
    });
  });
});

describe("a server that cannot listen", () => {
  const failure = (code: string) => Object.assign(new Error(code), { code });

  it.each([
    ["EADDRINUSE", "PORT 3000 is already in use on 127.0.0.1 (another app is listening there): set PORT to a free port"],
    ["EACCES", "PORT 3000 needs privileges this process does not have: set PORT to 1024 or above"],
    ["EADDRNOTAVAIL", "HOST 127.0.0.1 is not an address of this machine: set HOST to one of its addresses, e.g. 127.0.0.1"],
    ["ENOTFOUND", "HOST 127.0.0.1 cannot be resolved to an address: set HOST to an address or a name this machine resolves"],
  ])("says what to change for %s, in one line naming the setting", (code, line) => {
    expect(listenProblem(failure(code), "127.0.0.1", 3000)).toBe(line);
  });
});
