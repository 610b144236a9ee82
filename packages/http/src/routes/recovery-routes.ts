import { clientAddress } from "../client.js";
import { errorResponse, invalidRequest } from "../errors.js";
import { MESSAGES } from "../messages.js";
import { refusal, tooManyAttempts } from "../outcomes.js";
import { actionResult, ErrorEnvelope, oneOfResults } from "../response-schemas.js";
import type { RouteAnswer } from "../endpoint.js";
import type { Route } from "../route.js";
import { DeleteAccountBody, EmailChangeBody, ForgotPasswordBody, ResetPasswordBody, VerifyEmailBody } from "../schemas.js";
import { securityEvent, type RouteContext } from "./context.js";

const tooMany = (what: string) => ({ description: `Too many ${what} (too_many_attempts)`, body: ErrorEnvelope, headers: ["Retry-After"] as const });
const wrongPassword = { description: "The current password is wrong (invalid_credentials)", body: ErrorEnvelope };
const invalidToken = {
  description: "Invalid fields (invalid_request), or a token that is unknown, expired, used or replaced (invalid_token): one answer",
  body: ErrorEnvelope,
};

/** Account recovery, email verification, email change and account deletion. */
export function recoveryRoutes({ auth, policy, endpoint, logger }: RouteContext): Route[] {
  return [
    {
      method: "POST",
      path: "/api/users/password/forgot",
      doc: {
        summary: "Ask for a password reset link: the same answer for every address",
        tag: "recovery",
        responses: {
          202: { description: "Accepted; a link goes out if the account exists", body: actionResult(MESSAGES.forgotPassword) },
          400: { description: "Invalid fields (invalid_request)", body: ErrorEnvelope },
          429: tooMany("reset requests from this client address"),
        },
      },
      ...endpoint({ body: ForgotPasswordBody }, async ({ request, body }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const outcome = await auth.requestPasswordReset({ email: body.email, clientAddress: address });
        if (!outcome.ok) {
          if (outcome.error === "too_many_attempts") securityEvent(logger, request, "password_reset_throttled", { clientAddress: address });
          return refusal(outcome);
        }
        securityEvent(logger, request, "password_reset_requested", { clientAddress: address });
        return { status: 202, body: MESSAGES.forgotPassword };
      }),
    },
    {
      method: "POST",
      path: "/api/users/password/reset",
      doc: {
        summary: "Choose a new password with a reset link's token: every session ends, none starts",
        tag: "recovery",
        responses: {
          200: { description: "Reset", body: actionResult(MESSAGES.resetPassword) },
          400: { ...invalidToken, description: `${invalidToken.description}; or a commonly used password (password_too_common)` },
        },
      },
      ...endpoint({ body: ResetPasswordBody }, async ({ request, body }) => {
        const outcome = await auth.resetPassword(body);
        if (outcome.ok) {
          securityEvent(logger, request, "password_reset", { userId: outcome.userId });
          return { status: 200, body: MESSAGES.resetPassword };
        }
        if (outcome.error === "invalid_token") {
          securityEvent(logger, request, "password_reset_refused", { clientAddress: clientAddress(request.raw, policy.trustProxyHops) });
          return errorResponse("invalid_token");
        }
        return refusal(outcome);
      }),
    },
    {
      method: "POST",
      path: "/api/users/email/verify",
      doc: {
        summary: "Use a verification or email-change link's token",
        tag: "recovery",
        responses: {
          200: { description: "The address is confirmed, or the account moved to its new one", body: oneOfResults(MESSAGES.emailVerified, MESSAGES.emailChanged) },
          400: invalidToken,
          409: { description: "The new address was taken by another account meanwhile (email_taken)", body: ErrorEnvelope },
        },
      },
      ...endpoint({ body: VerifyEmailBody }, async ({ request, body }) => {
        const outcome = await auth.verifyEmail(body.token);
        if (outcome.ok) {
          securityEvent(logger, request, outcome.changed ? "email_changed" : "email_verified", { userId: outcome.userId });
          return { status: 200, body: outcome.changed ? MESSAGES.emailChanged : MESSAGES.emailVerified };
        }
        securityEvent(logger, request, "email_verify_refused", { reason: outcome.error });
        return errorResponse(outcome.error);
      }),
    },
    {
      method: "POST",
      path: "/api/users/email/verification",
      doc: {
        summary: "Send another verification link to the account's address",
        tag: "recovery",
        responses: {
          202: { description: "Accepted; nothing is sent when the address is confirmed already", body: actionResult(MESSAGES.verificationSent) },
          429: tooMany("verification links for this account"),
        },
      },
      ...endpoint({ session: true }, async ({ request, signedIn }) => {
        const userId = signedIn.user.id;
        const outcome = await auth.resendVerification(userId);
        if (outcome.ok) {
          if (outcome.queued) securityEvent(logger, request, "verification_requested", { userId });
          return { status: 202, body: MESSAGES.verificationSent };
        }
        if (outcome.error === "no_session") return { ...errorResponse("unauthorized"), session: { ended: true } };
        securityEvent(logger, request, "verification_throttled", { userId });
        return tooManyAttempts(outcome.retryAfterSeconds);
      }),
    },
    {
      method: "POST",
      path: "/api/users/email",
      doc: {
        summary: "Ask to change the account's address: confirmed from the new one, with a notice to the old",
        tag: "recovery",
        responses: {
          202: { description: "Accepted; the address changes once the link sent to the new one is used", body: actionResult(MESSAGES.emailChangeRequested) },
          400: { description: "Invalid fields, or the account's own address (invalid_request)", body: ErrorEnvelope },
          403: wrongPassword,
          429: tooMany("wrong passwords for this account"),
        },
      },
      ...endpoint({ body: EmailChangeBody, session: true }, async ({ request, body, signedIn, credentials }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const userId = signedIn.user.id;
        const outcome = await auth.requestEmailChange({
          ...body,
          session: signedIn.session,
          clientAddress: address,
          deviceToken: credentials.device,
        });
        if (outcome.ok) {
          securityEvent(logger, request, "email_change_requested", { userId, sessionId: signedIn.session.id });
          return { status: 202, body: MESSAGES.emailChangeRequested };
        }
        if (outcome.error === "invalid_email" || outcome.error === "same_email") {
          return invalidRequest([outcome.error === "same_email" ? "newEmail is the account's address already" : "newEmail must be a valid email address"]);
        }
        return refusedPassword(outcome, () => securityEvent(logger, request, `email_change_${refusalEvent(outcome)}`, { userId, sessionId: signedIn.session.id, clientAddress: address }));
      }),
    },
    {
      method: "DELETE",
      path: "/api/users/me",
      doc: {
        summary: "Delete the account and everything of it, with the current password",
        tag: "users",
        responses: {
          204: { description: "Deleted; cookie clients get a clearing cookie" },
          400: { description: "Invalid fields (invalid_request)", body: ErrorEnvelope },
          403: wrongPassword,
          429: tooMany("wrong passwords for this account"),
        },
      },
      ...endpoint({ body: DeleteAccountBody, session: true }, async ({ request, body, signedIn, credentials }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const userId = signedIn.user.id;
        const outcome = await auth.deleteAccount({
          session: signedIn.session,
          currentPassword: body.currentPassword,
          clientAddress: address,
          deviceToken: credentials.device,
        });
        if (outcome.ok) {
          securityEvent(logger, request, "account_deleted", { userId, sessionId: signedIn.session.id });
          return { status: 204, session: { ended: true } };
        }
        return refusedPassword(outcome, () => securityEvent(logger, request, `account_delete_${refusalEvent(outcome)}`, { userId, sessionId: signedIn.session.id, clientAddress: address }));
      }),
    },
  ];
}

type PasswordRefusal =
  | { error: "no_session" }
  | { error: "invalid_credentials" }
  | { error: "too_many_attempts"; retryAfterSeconds: number };

/** "refused" or "throttled": how a security event names a refused current password. */
function refusalEvent(outcome: PasswordRefusal): string {
  return outcome.error === "too_many_attempts" ? "throttled" : "refused";
}

/**
 * A signed-in action refused over its current password: the account gone (401 and a clearing
 * cookie), a wrong password (403: signed in, but refused), or too many wrong ones (429). `logged`
 * records the security event of the last two.
 */
function refusedPassword(outcome: PasswordRefusal, logged: () => void): RouteAnswer {
  if (outcome.error === "no_session") return { ...errorResponse("unauthorized"), session: { ended: true } };
  logged();
  if (outcome.error === "too_many_attempts") return tooManyAttempts(outcome.retryAfterSeconds);
  return errorResponse("invalid_credentials", { status: 403, detail: "The current password is incorrect" });
}
