import type { HttpResponse } from "./response.js";

interface ErrorSpec {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
}

/** The one table of error codes. Codes are stable; titles and details are for people. */
export const ERRORS = {
  invalid_json: { status: 400, title: "Malformed JSON", detail: "The request body is not valid JSON" },
  invalid_request: { status: 400, title: "Invalid request", detail: "The request is not valid" },
  malformed_request: { status: 400, title: "Malformed request", detail: "The request is not well-formed HTTP" },
  password_too_common: {
    status: 400,
    title: "Password too common",
    detail: "This password is on a list of commonly used passwords; choose another",
  },
  invalid_token: {
    status: 400,
    title: "Invalid token",
    detail: "The link is invalid, expired, already used or replaced by a newer one; ask for a new one",
  },
  unauthorized: { status: 401, title: "Unauthorized", detail: "A valid session is required" },
  invalid_credentials: { status: 401, title: "Invalid credentials", detail: "The email or password is incorrect" },
  forbidden_origin: {
    status: 403,
    title: "Forbidden origin",
    detail: "The request comes from an origin that is not allowed",
  },
  email_not_verified: {
    status: 403,
    title: "Email not verified",
    detail: "Confirm the email address with the link sent to it, then log in",
  },
  not_found: { status: 404, title: "Not found", detail: "No such resource" },
  method_not_allowed: { status: 405, title: "Method not allowed", detail: "This path does not take this method" },
  email_taken: { status: 409, title: "Email taken", detail: "An account with this email already exists" },
  request_timeout: { status: 408, title: "Request timeout", detail: "The request took too long to arrive" },
  payload_too_large: { status: 413, title: "Payload too large", detail: "The request body is larger than 16 KiB" },
  unsupported_media_type: {
    status: 415,
    title: "Unsupported media type",
    detail: "Send the request body as application/json in UTF-8",
  },
  headers_too_large: { status: 431, title: "Headers too large", detail: "The request headers are too large" },
  too_many_attempts: {
    status: 429,
    title: "Too many attempts",
    detail: "Too many attempts; try again later",
  },
  internal_error: { status: 500, title: "Internal error", detail: "Something went wrong on our side" },
  store_unavailable: {
    status: 503,
    title: "Store unavailable",
    detail: "The session store cannot be reached; try again shortly",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorOptions {
  /** Replaces the table's detail: say what exactly was wrong. */
  readonly detail?: string;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: readonly string[];
}

export function errorResponse(code: ErrorCode, options: ErrorOptions = {}): HttpResponse {
  const { status, title, detail } = ERRORS[code];
  return {
    status: options.status ?? status,
    body: { errors: [{ code, title, detail: options.detail ?? detail }] },
    ...(options.headers && { headers: options.headers }),
    ...(options.cookies && { cookies: options.cookies }),
  };
}

/** One 400 listing every problem found, each as its own error. */
export function invalidRequest(details: readonly string[]): HttpResponse {
  const { status, title } = ERRORS.invalid_request;
  return { status, body: { errors: details.map((detail) => ({ code: "invalid_request", title, detail })) } };
}
