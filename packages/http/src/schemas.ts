import { isValidEmail, MAX_EMAIL_LENGTH, normaliseEmail } from "@tessera/domain/email";
import { checkNewPassword, MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARACTERS } from "@tessera/domain/password-rules";
import { z } from "zod";

/*
 * Request bodies. Types are checked here, so an object, number or null never reaches a use case
 * or a query; the rules themselves (email shape, password length) come from the domain.
 */

const text = () =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") });

const email = text()
  .transform(normaliseEmail)
  .refine((value) => value.length <= MAX_EMAIL_LENGTH, { error: `must be at most ${MAX_EMAIL_LENGTH} characters`, abort: true })
  .refine(isValidEmail, { error: "must be a valid email address", abort: true })
  .meta({ format: "email", maxLength: MAX_EMAIL_LENGTH, description: "Trimmed and lower-cased before use" });

const PASSWORD_PROBLEMS = {
  password_not_text: "must be text: no NUL character and no unpaired surrogate",
  password_too_short: `must be at least ${MIN_PASSWORD_CHARACTERS} characters`,
  password_too_long: `must be at most ${MAX_PASSWORD_BYTES} bytes in UTF-8 (bcrypt reads no more; it is never truncated)`,
} as const;

const newPassword = text()
  .superRefine((value, context) => {
    const problem = checkNewPassword(value);
    if (problem) context.addIssue({ code: "custom", message: PASSWORD_PROBLEMS[problem] });
  })
  .meta({
    minLength: MIN_PASSWORD_CHARACTERS,
    // Characters, not bytes: the byte limit itself has no JSON Schema keyword.
    maxLength: MAX_PASSWORD_BYTES,
    description: `At least ${MIN_PASSWORD_CHARACTERS} characters and at most ${MAX_PASSWORD_BYTES} bytes of UTF-8; not a commonly used password`,
  });

const body = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object(shape, { error: "The request body must be a JSON object" });

export const RegisterBody = body({ email, password: newPassword });

/** Any string is a password at login: one that cannot match is an invalid credential, not a 400. */
export const LoginBody = body({ email, password: text().meta({ description: "Any string; one that cannot match is a 401" }) });

export const PasswordChangeBody = body({ currentPassword: text(), newPassword: newPassword });

/** A token from a mail link: any string; one that names nothing is 400 invalid_token, not invalid_request. */
const mailToken = text().meta({ description: "The token from the link's fragment (#reset=... or #verify=...)" });

export const ForgotPasswordBody = body({ email });
export const ResetPasswordBody = body({ token: mailToken, newPassword });
export const VerifyEmailBody = body({ token: mailToken });
export const EmailChangeBody = body({ newEmail: email, currentPassword: text() });
export const DeleteAccountBody = body({ currentPassword: text() });

/** Each problem as a sentence naming its field. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")} ${issue.message}` : issue.message));
}
