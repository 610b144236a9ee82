import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_POLICY, isSessionValid, renewedExpiry, type Session } from "../src/session.js";

const DAY = 24 * 60 * 60 * 1000;
const start = new Date("2026-01-01T00:00:00Z");
const at = (days: number) => new Date(start.getTime() + days * DAY);
const session = (change: Partial<Session> = {}): Session => ({
  id: "s",
  userId: "u",
  createdAt: start,
  expiresAt: at(14),
  lastUsedAt: start,
  userAgent: null,
  credentialVersion: 1,
  ...change,
});

describe("session validity", () => {
  it("holds until expiresAt and not a millisecond after", () => {
    expect(isSessionValid(session(), new Date(at(14).getTime() - 1))).toBe(true);
    expect(isSessionValid(session(), at(14))).toBe(false);
  });
});

describe("sliding renewal", () => {
  it("is not due while half the lifetime or more is left", () => {
    expect(renewedExpiry(session(), at(7), DEFAULT_SESSION_POLICY)).toBeNull();
  });

  it("extends to a full lifetime from now once less than half is left", () => {
    const now = new Date(at(7).getTime() + 1);
    expect(renewedExpiry(session(), now, DEFAULT_SESSION_POLICY)).toEqual(new Date(now.getTime() + 14 * DAY));
  });

  it("never reaches past the absolute limit", () => {
    const late = session({ expiresAt: at(26) });
    expect(renewedExpiry(late, at(20), DEFAULT_SESSION_POLICY)).toEqual(at(30));
  });

  it("is not due once the absolute limit is the expiry", () => {
    expect(renewedExpiry(session({ expiresAt: at(30) }), at(25), DEFAULT_SESSION_POLICY)).toBeNull();
  });
});
