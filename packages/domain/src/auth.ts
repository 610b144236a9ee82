import { createAuthenticate } from "./authenticate.js";
import { createChangePassword } from "./change-password.js";
import { createDeleteAccount } from "./delete-account.js";
import { createRequestEmailChange } from "./email-change.js";
import { createResendVerification, createVerifyEmail } from "./email-verification.js";
import type { AuthDeps } from "./deps.js";
import { createLogin } from "./login.js";
import { createLogout } from "./logout.js";
import { createMailDispatch } from "./mail-dispatch.js";
import { createRequestPasswordReset, createResetPassword } from "./password-reset.js";
import { createRegister } from "./register.js";
import { createListSessions, createRevokeOtherSessions, createRevokeSession } from "./session-management.js";

export type Auth = ReturnType<typeof createAuth>;

/** Every use case, built once from one set of ports: what a composition root hands the web layer. */
export function createAuth(deps: AuthDeps) {
  return {
    register: createRegister(deps),
    login: createLogin(deps),
    authenticate: createAuthenticate(deps),
    logout: createLogout(deps),
    changePassword: createChangePassword(deps),
    listSessions: createListSessions(deps),
    revokeSession: createRevokeSession(deps),
    revokeOtherSessions: createRevokeOtherSessions(deps),
    requestPasswordReset: createRequestPasswordReset(deps),
    resetPassword: createResetPassword(deps),
    verifyEmail: createVerifyEmail(deps),
    resendVerification: createResendVerification(deps),
    requestEmailChange: createRequestEmailChange(deps),
    deleteAccount: createDeleteAccount(deps),
    /** For the courier: what an outbox entry becomes when it is sent. */
    dispatchMail: createMailDispatch(deps),
  };
}
