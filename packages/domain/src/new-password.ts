import { checkNewPassword, comparableForm, type PasswordProblem } from "./password-rules.js";
import type { CommonPasswordCheck } from "./ports.js";

export type NewPasswordProblem = PasswordProblem | "password_too_common";

/** Every rule a chosen password must meet: plain text, length (NIST SP 800-63B), and not a commonly used one. */
export function newPasswordProblem(password: string, isCommon: CommonPasswordCheck): NewPasswordProblem | null {
  return checkNewPassword(password) ?? (isCommon(comparableForm(password)) ? "password_too_common" : null);
}
