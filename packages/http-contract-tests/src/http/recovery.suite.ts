import { deleteAccountSuite } from "./delete-account.suite.js";
import { emailChangeSuite } from "./email-change.suite.js";
import { forgotPasswordSuite } from "./forgot.suite.js";
import type { Harness, HttpFactory } from "./harness.js";
import { recoveryGuardsSuite } from "./recovery-guards.suite.js";
import { requiredVerificationSuite } from "./required-verification.suite.js";
import { resetPasswordSuite } from "./reset.suite.js";
import { verificationSuite } from "./verification.suite.js";

/**
 * Account recovery, email verification and account changes (shared/API.md, the section of that
 * name): every route, its answers, its mail as the development outbox shows it, on every host and store.
 */
export function recoverySuite(h: () => Harness, factory: HttpFactory): void {
  forgotPasswordSuite(h, factory);
  resetPasswordSuite(h);
  verificationSuite(h);
  requiredVerificationSuite(factory);
  emailChangeSuite(h);
  deleteAccountSuite(h);
  recoveryGuardsSuite(h);
}
