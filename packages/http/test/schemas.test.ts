import { describe, expect, it } from "vitest";
import { describeIssues, LoginBody, RegisterBody } from "../src/schemas.js";

const problems = (schema: typeof RegisterBody | typeof LoginBody, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : describeIssues(parsed.error);
};

describe("request schemas", () => {
  it("normalises the email", () => {
    expect(RegisterBody.parse({ email: "  Ada@Example.ORG ", password: "correct horse" })).toEqual({
      email: "ada@example.org",
      password: "correct horse",
    });
  });

  it.each([null, [], "text", 42])("refuses a body that is not an object: %j", (value) => {
    expect(problems(RegisterBody, value)).toEqual(["The request body must be a JSON object"]);
  });

  it("refuses operators, numbers, arrays and null where a string belongs", () => {
    expect(problems(LoginBody, { email: { $gt: "" }, password: ["x"] })).toEqual([
      "email must be a string",
      "password must be a string",
    ]);
    expect(problems(LoginBody, { email: null, password: 5 })).toEqual(["email must be a string", "password must be a string"]);
  });

  it("names missing fields", () => {
    expect(problems(RegisterBody, {})).toEqual(["email is required", "password is required"]);
  });

  it("applies the domain's rules at register", () => {
    expect(problems(RegisterBody, { email: "ada", password: "short" })).toEqual([
      "email must be a valid email address",
      "password must be at least 8 characters",
    ]);
    expect(problems(RegisterBody, { email: "ada@example.org", password: "x".repeat(73) })).toEqual([
      "password must be at most 72 bytes in UTF-8 (bcrypt reads no more; it is never truncated)",
    ]);
  });

  it("takes any string as a login password", () => {
    expect(problems(LoginBody, { email: "ada@example.org", password: "" })).toEqual([]);
    expect(problems(LoginBody, { email: "ada@example.org", password: "x".repeat(500) })).toEqual([]);
  });
});
