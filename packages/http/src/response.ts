/** What a route answers, before any framework sees it. Both frameworks write exactly this. */
export interface HttpResponse {
  readonly status: number;
  /** Serialised as JSON; absent for a response without a body (204). */
  readonly body?: unknown;
  /** A body that is not JSON, sent as it is with its own type. */
  readonly text?: { readonly contentType: string; readonly content: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Complete Set-Cookie values. */
  readonly cookies?: readonly string[];
}

export function json(status: number, body: unknown): HttpResponse {
  return { status, body };
}
