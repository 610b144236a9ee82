import type { ChangePasswordOutcome } from "@tessera/domain/change-password";
import type { LoginOutcome } from "@tessera/domain/login";
import type { RequestPasswordResetOutcome, ResetPasswordOutcome } from "@tessera/domain/password-reset";
import type { RegisterOutcome } from "@tessera/domain/register";
import { errorResponse, invalidRequest } from "./errors.js";
import type { HttpResponse } from "./response.js";

type Refusal = Exclude<
  Extract<RegisterOutcome | LoginOutcome | ChangePasswordOutcome | RequestPasswordResetOutcome | ResetPasswordOutcome, { ok: false }>,
  { error: "no_session" | "password_changed_meanwhile" | "invalid_token" }
>;

/**
 * The one mapping from the domain's refusals to HTTP. The request schemas refuse bad emails and
 * password lengths first; the domain re-checks, and its answer maps to the same 400.
 */
export function refusal(outcome: Refusal): HttpResponse {
  switch (outcome.error) {
    case "invalid_email":
      return invalidRequest(["email must be a valid email address"]);
    case "password_not_text":
      return invalidRequest(["password must be text: no NUL character and no unpaired surrogate"]);
    case "password_too_short":
      return invalidRequest(["password is too short"]);
    case "password_too_long":
      return invalidRequest(["password is too long"]);
    case "password_too_common":
      return errorResponse("password_too_common");
    case "email_taken":
      return errorResponse("email_taken");
    case "invalid_credentials":
      return errorResponse("invalid_credentials");
    case "email_not_verified":
      return errorResponse("email_not_verified");
    case "too_many_attempts":
      return tooManyAttempts(outcome.retryAfterSeconds);
  }
}

export function tooManyAttempts(retryAfterSeconds: number): HttpResponse {
  return errorResponse("too_many_attempts", {
    headers: { "Retry-After": String(retryAfterSeconds) },
    detail: `Too many attempts; try again in ${retryAfterSeconds} seconds`,
  });
}
