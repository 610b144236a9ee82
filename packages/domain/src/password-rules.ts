export const MIN_PASSWORD_CHARACTERS = 8;
/** bcrypt reads only this many bytes; longer input is refused, never truncated. */
export const MAX_PASSWORD_BYTES = 72;

export type PasswordProblem = "password_not_text" | "password_too_short" | "password_too_long";

/** The rules for a password a user chooses (NIST SP 800-63B: length only, no composition rules). */
export function checkNewPassword(password: string): PasswordProblem | null {
  if (!isPlainText(password)) return "password_not_text";
  if (countCharacters(password) < MIN_PASSWORD_CHARACTERS) return "password_too_short";
  if (utf8ByteLength(password) > MAX_PASSWORD_BYTES) return "password_too_long";
  return null;
}

/**
 * Whether bcrypt can tell this password from every other one. It cannot for one longer than it
 * reads, for one with a NUL (it stops there: "123456\0abc" would be "123456"), or for one with an
 * unpaired surrogate (it becomes U+FFFD, so eight of them are all the same password). Such a
 * password is refused when chosen, and at login it matches nothing.
 */
export function fitsPasswordHash(password: string): boolean {
  return isPlainText(password) && utf8ByteLength(password) <= MAX_PASSWORD_BYTES;
}

/** No NUL character, and well-formed UTF-16: every surrogate in a pair. */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

// Characters that show as nothing: with them, a listed password would pass as a new one.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/**
 * The form a password is compared with the common-password list in: compatibility-normalised
 * (NFKC folds full-width and styled letters to plain ones), invisible characters removed, trimmed.
 */
export function comparableForm(password: string): string {
  return password.normalize("NFKC").replace(INVISIBLE, "").trim();
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
