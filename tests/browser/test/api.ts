/** The API called from the test itself, as a client that is not a browser: Bearer tokens, no cookies. */
export interface Answer {
  readonly status: number;
  /** The JSON answered, as the test reads it. */
  readonly body: any;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: object;
  readonly userAgent?: string;
}

export async function api(origin: string, method: string, path: string, { token, body, userAgent }: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { "X-Session-Transport": "bearer" };
  if (body) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  if (userAgent) headers["User-Agent"] = userAgent;
  const response = await fetch(`${origin}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A new session of the account, as a phone or another computer would start it: its token. */
export async function signInElsewhere(origin: string, email: string, password: string, userAgent: string): Promise<string> {
  const { status, body } = await api(origin, "POST", "/api/users/login", { body: { email, password }, userAgent });
  if (status !== 200 || typeof body?.token !== "string") throw new Error(`login answered ${status}: ${JSON.stringify(body)}`);
  return body.token;
}
