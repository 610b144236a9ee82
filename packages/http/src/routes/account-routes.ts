import { clientAddress } from "../client.js";
import { errorResponse } from "../errors.js";
import { MESSAGES } from "../messages.js";
import { refusal, tooManyAttempts } from "../outcomes.js";
import { json } from "../response.js";
import { actionResult, ErrorEnvelope, UserResult } from "../response-schemas.js";
import type { Route } from "../route.js";
import { LoginBody, PasswordChangeBody, RegisterBody } from "../schemas.js";
import { securityEvent, userAgent, type RouteContext } from "./context.js";

export function accountRoutes({ auth, policy, endpoint, logger }: RouteContext): Route[] {
  return [
    {
      method: "POST",
      path: "/api/users/register",
      doc: {
        summary: "Create an account and sign in",
        tag: "users",
        responses: {
          201: {
            description:
              "Registered and signed in: a session cookie, or the token for bearer clients (with REQUIRE_VERIFIED_EMAIL: no session until the address is confirmed)",
            body: actionResult(MESSAGES.register, { withToken: true }),
          },
          400: { description: "Invalid fields (invalid_request), or a commonly used password (password_too_common)", body: ErrorEnvelope },
          409: { description: "An account with this email exists (email_taken)", body: ErrorEnvelope },
          429: { description: "Too many registrations from this client address (too_many_attempts)", body: ErrorEnvelope, headers: ["Retry-After"] },
        },
      },
      ...endpoint({ body: RegisterBody, issuesSession: true }, async ({ request, body }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const outcome = await auth.register({ ...body, userAgent: userAgent(request.raw), clientAddress: address });
        if (!outcome.ok) {
          if (outcome.error === "too_many_attempts") securityEvent(logger, request, "registration_throttled", { clientAddress: address });
          return refusal(outcome);
        }
        if (outcome.session === null) {
          // REQUIRE_VERIFIED_EMAIL: the account signs in once its address is confirmed.
          securityEvent(logger, request, "user_registered", { userId: outcome.user.id, sessionId: null });
          return { status: 201, body: MESSAGES.register };
        }
        securityEvent(logger, request, "user_registered", { userId: outcome.user.id, sessionId: outcome.session.id });
        return { status: 201, body: MESSAGES.register, session: { started: outcome } };
      }),
    },
    {
      method: "POST",
      path: "/api/users/login",
      doc: {
        summary: "Sign in with email and password: always a new session",
        tag: "users",
        responses: {
          200: { description: "Signed in", body: actionResult(MESSAGES.login, { withToken: true }) },
          401: { description: "Wrong email or password, alike (invalid_credentials)", body: ErrorEnvelope },
          403: {
            description: "The password is right but the address is not confirmed yet, with REQUIRE_VERIFIED_EMAIL (email_not_verified)",
            body: ErrorEnvelope,
          },
          429: { description: "Too many failed logins (too_many_attempts)", body: ErrorEnvelope, headers: ["Retry-After"] },
        },
      },
      ...endpoint({ body: LoginBody, issuesSession: true }, async ({ request, body, credentials }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const outcome = await auth.login({
          ...body,
          userAgent: userAgent(request.raw),
          clientAddress: address,
          deviceToken: credentials.device,
        });
        if (outcome.ok) {
          securityEvent(logger, request, "login_succeeded", { userId: outcome.user.id, sessionId: outcome.session.id, clientAddress: address });
          return { status: 200, body: MESSAGES.login, session: { started: outcome } };
        }
        if (outcome.error === "too_many_attempts") {
          securityEvent(logger, request, "login_throttled", { clientAddress: address, retryAfterSeconds: outcome.retryAfterSeconds });
        } else if (outcome.error === "invalid_credentials") {
          securityEvent(logger, request, "login_failed", { clientAddress: address });
        } else if (outcome.error === "email_not_verified") {
          securityEvent(logger, request, "login_unverified", { clientAddress: address });
        }
        return refusal(outcome);
      }),
    },
    {
      method: "POST",
      path: "/api/users/logout",
      doc: {
        summary: "End the current session for good",
        tag: "users",
        responses: { 200: { description: "Signed out; cookie clients get a clearing cookie", body: actionResult(MESSAGES.logout) } },
      },
      ...endpoint({ session: true }, async ({ request, signedIn }) => {
        await auth.logout(signedIn.session);
        securityEvent(logger, request, "logged_out", { userId: signedIn.user.id, sessionId: signedIn.session.id });
        return { status: 200, body: MESSAGES.logout, session: { ended: true } };
      }),
    },
    {
      method: "GET",
      path: "/api/users/me",
      doc: {
        summary: "The signed-in user",
        tag: "users",
        responses: { 200: { description: "The user", body: UserResult } },
      },
      ...endpoint({ session: true }, async ({ signedIn: { user } }) =>
        json(200, { user: { id: user.id, email: user.email, emailVerified: user.emailVerified, createdAt: user.createdAt } }),
      ),
    },
    {
      method: "POST",
      path: "/api/users/password",
      doc: {
        summary: "Change the password: every session of the user ends, a new one starts",
        tag: "users",
        responses: {
          200: { description: "Changed; a new session", body: actionResult(MESSAGES.password, { withToken: true }) },
          400: { description: "Invalid fields, or a commonly used new password", body: ErrorEnvelope },
          403: {
            description: "The current password is wrong, or another change of it landed first (invalid_credentials)",
            body: ErrorEnvelope,
          },
          429: { description: "Too many wrong passwords for this account (too_many_attempts)", body: ErrorEnvelope, headers: ["Retry-After"] },
        },
      },
      ...endpoint({ body: PasswordChangeBody, session: true, issuesSession: true }, async ({ request, body, signedIn, credentials }) => {
        const address = clientAddress(request.raw, policy.trustProxyHops);
        const outcome = await auth.changePassword({
          ...body,
          session: signedIn.session,
          userAgent: userAgent(request.raw),
          clientAddress: address,
          deviceToken: credentials.device,
        });
        const userId = signedIn.user.id;
        if (outcome.ok) {
          securityEvent(logger, request, "password_changed", { userId, sessionId: outcome.session.id });
          return { status: 200, body: MESSAGES.password, session: { started: outcome } };
        }
        switch (outcome.error) {
          case "no_session":
            return { ...errorResponse("unauthorized"), session: { ended: true } };
          case "invalid_credentials":
            // Signed in but the wrong current password: refused (403), not unauthenticated (401).
            securityEvent(logger, request, "password_change_refused", { userId, sessionId: signedIn.session.id, clientAddress: address });
            return errorResponse("invalid_credentials", { status: 403, detail: "The current password is incorrect" });
          case "password_changed_meanwhile":
            securityEvent(logger, request, "password_change_conflict", { userId, sessionId: signedIn.session.id });
            return errorResponse("invalid_credentials", {
              status: 403,
              detail: "The password was changed by another request meanwhile; this one changed nothing",
            });
          case "too_many_attempts":
            securityEvent(logger, request, "password_change_throttled", { userId, clientAddress: address });
            return tooManyAttempts(outcome.retryAfterSeconds);
          default:
            return refusal(outcome);
        }
      }),
    },
  ];
}
