import { describe } from "vitest";
import { mailpitBinary } from "./mail-test-server.js";

/**
 * Declares a suite that needs the Mailpit test server. Without its binary (outside CI only) the
 * suite is skipped under its own name, with the reason and the way to enable it; under CI that is
 * a failure.
 */
export function describeWithMail(name: string, body: () => void): void {
  if (mailpitBinary()) {
    describe(`${name} [mail]`, body);
    return;
  }
  const reason = "no Mailpit binary: run tools/mail-test-server/build-mailpit.sh (needs Go), or set MAILPIT_BIN";
  if (process.env.CI === "true") throw new Error(`CI needs the Mailpit test server: ${reason}`);
  console.warn(`[mail] ${name}: skipped, ${reason}`);
  describe.skip(`${name} [mail] (${reason})`, body);
}
