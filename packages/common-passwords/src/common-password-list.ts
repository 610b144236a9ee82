import type { CommonPasswordCheck } from "@tessera/domain/ports";
import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * zxcvbn-ts's list of the most used passwords (about 49,000, from real breaches), kept up to date
 * by that project. Loaded once; a Set makes each check constant-time.
 */
export function loadCommonPasswords(): ReadonlySet<string> {
  return new Set(dictionary["passwords-common"].map((password) => password.toLowerCase()));
}

/** The check the domain asks for: on the list, compared after lower-casing. */
export function createCommonPasswordCheck(list: ReadonlySet<string> = loadCommonPasswords()): CommonPasswordCheck {
  return (password) => list.has(password.toLowerCase());
}
