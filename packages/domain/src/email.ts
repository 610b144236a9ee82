export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

// The WHATWG "valid e-mail address" grammar, with a dot required in the domain:
// an address that a browser's <input type=email> accepts and that can receive mail.
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Trimmed and lower-cased: the one form an email is stored, compared and shown in. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Whether an already normalised email is an address we accept. */
export function isValidEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.indexOf("@");
  if (at < 1 || at > MAX_LOCAL_PART_LENGTH) return false;
  return EMAIL_PATTERN.test(email);
}
