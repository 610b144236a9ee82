export const MIN_PASSWORD_CHARACTERS = 8;
/** bcrypt reads only this many bytes; longer input is refused, never truncated. */
export const MAX_PASSWORD_BYTES = 72;

export type PasswordProblem = "password_too_short" | "password_too_long";

/** The rules for a password a user chooses (NIST SP 800-63B: length only, no composition rules). */
export function checkNewPassword(password: string): PasswordProblem | null {
  if (countCharacters(password) < MIN_PASSWORD_CHARACTERS) return "password_too_short";
  if (utf8ByteLength(password) > MAX_PASSWORD_BYTES) return "password_too_long";
  return null;
}

/** A password longer than bcrypt reads cannot match any stored hash. */
export function fitsPasswordHash(password: string): boolean {
  return utf8ByteLength(password) <= MAX_PASSWORD_BYTES;
}

/** Characters as people count them: Unicode code points, so an emoji is one. */
function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

// Computed by hand so the domain needs neither Buffer nor TextEncoder.
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
