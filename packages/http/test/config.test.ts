import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";

describe("configuration", () => {
  it("has working defaults with nothing set: in-memory store, 14-day sessions, cookie 'token'", () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        production: false,
        logLevel: "info",
        host: "127.0.0.1",
        port: 3000,
        http: { cookie: { name: "token", secure: false }, allowedOrigins: null, trustProxyHops: 0 },
        session: { lifetimeMs: 1209600000, absoluteLifetimeMs: 2592000000, touchIntervalMs: 60000 },
        throttle: {
          windowMs: 900000,
          maxFailuresPerAccount: 5,
          maxFailuresPerAddress: 100,
          maxFailuresPerDevice: 5,
          deviceLifetimeMs: 180 * 24 * 60 * 60 * 1000,
          registrationWindowMs: 900000,
          maxRegistrationsPerAddress: 100,
        },
        bcryptCost: 12,
        bcryptConcurrency: null,
        mongo: null,
      },
    });
  });

  it("uses a Secure __Host- cookie in production", () => {
    const result = loadConfig({ NODE_ENV: "production" });
    expect(result.ok && result.config.http.cookie).toEqual({ name: "__Host-token", secure: true });
  });

  it("reads every setting", () => {
    const result = loadConfig({
      HOST: "::1",
      PORT: "8080",
      SESSION_COOKIE_NAME: "sid",
      SESSION_LIFETIME_SECONDS: "3600",
      SESSION_ABSOLUTE_LIFETIME_SECONDS: "7200",
      BCRYPT_COST: "10",
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
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        host: "::1",
        port: 8080,
        http: {
          cookie: { name: "sid" },
          allowedOrigins: ["https://app.example.org", "http://localhost:5173"],
          trustProxyHops: 1,
        },
        session: { lifetimeMs: 3600000, absoluteLifetimeMs: 7200000 },
        throttle: {
          windowMs: 60000,
          maxFailuresPerAccount: 3,
          maxFailuresPerAddress: 50,
          maxFailuresPerDevice: 2,
          registrationWindowMs: 120000,
          maxRegistrationsPerAddress: 7,
        },
        bcryptCost: 10,
        mongo: { uri: "mongodb://127.0.0.1:27017/tessera", dbName: "other" },
      },
    });
  });

  it("names every bad value at once, in words a person understands", () => {
    const result = loadConfig({ PORT: "http", BCRYPT_COST: "40", SESSION_COOKIE_NAME: "a b", MONGODB_URI: "localhost", LOG_LEVEL: "loud" });
    expect(result).toEqual({
      ok: false,
      problems: [
        "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
        "PORT must be a whole number from 0 to 65535",
        "SESSION_COOKIE_NAME may hold only letters, digits and !#$%&'*+-.^_`|~",
        "BCRYPT_COST must be at most 31",
        "MONGODB_URI must start with mongodb:// or mongodb+srv://",
      ],
    });
  });

  it("names an allowed origin that is not an origin", () => {
    expect(loadConfig({ ALLOWED_ORIGINS: "https://ok.example.org,example.org,https://x.org/path" })).toEqual({
      ok: false,
      problems: [
        'ALLOWED_ORIGINS: "example.org" is not an origin like https://app.example.org',
        'ALLOWED_ORIGINS: "https://x.org/path" is not an origin like https://app.example.org',
      ],
    });
  });

  it("refuses an absolute limit shorter than the lifetime", () => {
    const result = loadConfig({ SESSION_LIFETIME_SECONDS: "7200", SESSION_ABSOLUTE_LIFETIME_SECONDS: "3600" });
    expect(result.ok).toBe(false);
  });

  it("accepts only the NODE_ENV values it knows: a misspelt production must not mean development", () => {
    expect(loadConfig({ NODE_ENV: "prod" })).toEqual({ ok: false, problems: ["NODE_ENV must be one of production, development, test"] });
    for (const value of ["production", "development", "test"]) expect(loadConfig({ NODE_ENV: value }).ok).toBe(true);
  });

  it("refuses, in production, a bcrypt cost below 10 and a cookie name without __Host-, naming each", () => {
    const result = loadConfig({ NODE_ENV: "production", BCRYPT_COST: "9", SESSION_COOKIE_NAME: "token" });
    expect(result).toEqual({
      ok: false,
      problems: [
        "BCRYPT_COST must be at least 10 in production",
        "SESSION_COOKIE_NAME must start with __Host- in production (the browser then refuses it without Secure, Path=/, or with a Domain)",
      ],
    });
    expect(loadConfig({ NODE_ENV: "production", BCRYPT_COST: "10", SESSION_COOKIE_NAME: "__Host-sid" })).toMatchObject({
      ok: true,
      config: { bcryptCost: 10, http: { cookie: { name: "__Host-sid", secure: true } } },
    });
    // Outside production, both stay the developer's choice.
    expect(loadConfig({ BCRYPT_COST: "4", SESSION_COOKIE_NAME: "token" }).ok).toBe(true);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", MONGODB_URI: "" })).toMatchObject({ ok: true, config: { port: 3000, mongo: null } });
  });
});
