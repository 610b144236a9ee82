import { describe, expect, it } from "vitest";
import { isValidEmail, normaliseEmail } from "../src/email.js";

describe("email", () => {
  it("is trimmed and lower-cased", () => {
    expect(normaliseEmail("  Ada.Lovelace@Example.ORG \n")).toBe("ada.lovelace@example.org");
  });

  it.each(["ada@example.org", "a.b+tag@sub.example.co.uk", "x@a-b.io", "ada@x.org", "ada@example.x", `${"a".repeat(64)}@example.org`])("accepts %s", (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    "",
    "ada",
    "ada@",
    "@example.org",
    "ada@example",
    "ada@@example.org",
    "ada @example.org",
    "a b@example.org",
    "ada@example.org x",
    "ada@-example.org",
    "ada@example..org",
    "ädä@example.org",
    `${"a".repeat(65)}@example.org`,
  ])("refuses %j", (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it("allows 254 characters and refuses 255", () => {
    const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.${"g".repeat(60)}.org`;
    const local = (length: number) => "l".repeat(length - domain.length - 1);
    expect(isValidEmail(`${local(254)}@${domain}`)).toBe(true);
    expect(isValidEmail(`${local(255)}@${domain}`)).toBe(false);
  });
});
