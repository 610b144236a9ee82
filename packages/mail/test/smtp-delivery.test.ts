import { describeWithMail } from "@tessera/contract-tests/mail-suites";
import { startMailTestServer, type MailTestServer } from "@tessera/contract-tests/mail-test-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { compose } from "../src/letters.js";
import { smtpDelivery } from "../src/smtp-delivery.js";

describeWithMail("SMTP delivery through nodemailer", () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer();
  });
  afterAll(() => server?.stop());

  it("delivers a letter, text and HTML, from MAIL_FROM", async () => {
    const deliver = smtpDelivery({ url: server.smtpUrl, from: "Tessera <no-reply@example.org>" });
    try {
      await deliver(compose({ kind: "password_reset", to: "smtp-test@example.org", token: "B".repeat(43) }, "http://127.0.0.1:3000"));
      const caught = await server.waitFor("smtp-test@example.org", /Reset your password/);
      expect(caught.text).toContain(`http://127.0.0.1:3000/#reset=${"B".repeat(43)}`);
      expect(caught.html).toContain("<a href=");
    } finally {
      deliver.close();
    }
  });

  it("fails an attempt, within its bounded waits, while the server is down", async () => {
    await server.kill();
    const deliver = smtpDelivery({ url: server.smtpUrl, from: "no-reply@example.org" });
    try {
      await expect(deliver(compose({ kind: "password_changed", to: "down@example.org" }, "http://127.0.0.1"))).rejects.toMatchObject({ code: expect.any(String) });
    } finally {
      deliver.close();
      await server.start();
    }
  });
});
