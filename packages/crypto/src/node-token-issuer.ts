import { hash, randomBytes } from "node:crypto";
import type { TokenIssuer } from "@tessera/domain/ports";

const TOKEN_BYTES = 32;
/** 32 bytes in base64url, unpadded: exactly 43 characters of the URL-safe alphabet. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Session tokens from the operating system's CSPRNG. The store keeps only their SHA-256 digest:
 * a leaked database yields no usable token, and 256 random bits need no slow hash.
 */
export class NodeTokenIssuer implements TokenIssuer {
  issue(): string {
    return randomBytes(TOKEN_BYTES).toString("base64url");
  }

  digest(token: string): string | null {
    if (!TOKEN_SHAPE.test(token)) return null;
    // The one-shot hash is several times cheaper than createHash on this hot path.
    return hash("sha256", token, "base64url");
  }
}
