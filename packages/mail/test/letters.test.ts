import { describe, expect, it } from "vitest";
import { compose, duration } from "../src/letters.js";

const TOKEN = "A".repeat(43);

describe("letters", () => {
  it("puts a reset token in the link's fragment, built from the public URL", () => {
    const message = compose({ kind: "password_reset", to: "ada@example.org", token: TOKEN }, "https://auth.example.org/");
    expect(message.to).toBe("ada@example.org");
    expect(message.subject).toBe("Reset your password");
    expect(message.text).toContain(`https://auth.example.org/#reset=${TOKEN}`);
    expect(message.html).toContain(`<a href="https://auth.example.org/#reset=${TOKEN}">`);
  });

  it.each([
    ["verify_email", "#verify="],
    ["confirm_email_change", "#verify="],
  ] as const)("links %s with %s", (kind, fragment) => {
    expect(compose({ kind, to: "ada@example.org", token: TOKEN }, "http://127.0.0.1:3000").text).toContain(`http://127.0.0.1:3000/${fragment}${TOKEN}`);
  });

  it.each(["email_change_requested", "email_changed", "password_changed", "password_reset_done"] as const)("writes the %s notice without a link", (kind) => {
    const message = compose({ kind, to: "ada@example.org", newEmail: "new@example.org" }, "http://127.0.0.1:3000");
    expect(message.subject.length).toBeGreaterThan(0);
    expect(message.text).not.toContain("#");
    expect(message.html).toMatch(/^<p>/);
  });

  it("says how long a link works, from the letter or the contract's defaults", () => {
    expect(compose({ kind: "password_reset", to: "a@example.org", token: TOKEN }, "http://127.0.0.1").text).toContain("for one hour");
    expect(compose({ kind: "verify_email", to: "a@example.org", token: TOKEN }, "http://127.0.0.1").text).toContain("for 24 hours");
    expect(compose({ kind: "password_reset", to: "a@example.org", token: TOKEN, validForMs: 1_800_000 }, "http://127.0.0.1").text).toContain("for 30 minutes");
    expect(compose({ kind: "verify_email", to: "a@example.org", token: TOKEN, validForMs: 7_200_000 }, "http://127.0.0.1").text).toContain("for 2 hours");
    expect(duration(60_000, 0)).toBe("one minute");
  });

  it("escapes what it writes into HTML", () => {
    const message = compose({ kind: "email_changed", to: "a@example.org", newEmail: "<script>@x.org" }, "http://127.0.0.1");
    expect(message.html).toContain("&lt;script&gt;@x.org");
    expect(message.html).not.toContain("<script>");
  });
});
