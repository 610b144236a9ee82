import { z } from "zod";
import { ERRORS, type ErrorCode } from "./errors.js";
import type { Message } from "./messages.js";

/*
 * What the routes answer, as schemas: the OpenAPI document is generated from these and the request
 * schemas, and the contract suite checks every answer it sees against that document.
 */

const time = () => z.iso.datetime().meta({ description: "ISO 8601 time, UTC" });
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/).meta({ description: "The session token: 32 random bytes, base64url" });

export const ErrorEnvelope = z
  .object({
    errors: z
      .array(
        z
          .object({
            code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]).meta({ description: "Stable, machine-readable" }),
            title: z.string(),
            detail: z.string(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** An action route's answer: its fixed texts, and the token when the client asked for the bearer transport. */
export function actionResult(message: Message, { withToken = false } = {}) {
  const texts = { title: z.literal(message.title), detail: z.literal(message.detail) };
  const plain = z.object(texts).strict();
  return withToken ? z.union([plain, z.object({ ...texts, token }).strict()]) : plain;
}

export const UserResult = z
  .object({
    user: z
      .object({
        id: z.string(),
        email: z.string(),
        emailVerified: z.boolean().meta({ description: "The address was confirmed from a link sent to it" }),
        createdAt: time(),
      })
      .strict(),
  })
  .strict();

/** Either of two fixed answers (verify: a verification link, or an email-change link). */
export function oneOfResults(first: Message, second: Message) {
  return z.union([actionResult(first), actionResult(second)]);
}

export const OutboxResult = z
  .object({
    messages: z.array(
      z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), createdAt: time() }).strict(),
    ),
  })
  .strict();

export const SessionsResult = z
  .object({
    sessions: z.array(
      z
        .object({
          id: z.string(),
          createdAt: time(),
          lastUsedAt: time(),
          expiresAt: time(),
          userAgent: z.string().nullable(),
          current: z.boolean().meta({ description: "This is the session that asked" }),
        })
        .strict(),
    ),
  })
  .strict();

export const RevokedResult = z.object({ revoked: z.number().int().min(0) }).strict();
export const HealthResult = z.object({ status: z.literal("ok") }).strict();
export const ReadyResult = z.object({ status: z.literal("ready") }).strict();
export const OpenApiResult = z.object({ openapi: z.string() }).loose();
