/**
 * Raw HTTP to the local runtime (fetch): tokens from /_local/token, the web app's API key, JSON
 * in and out, and waiting on a condition with a deadline. The API's behaviour is tested through
 * the typed client (client.ts); this is for what that client cannot or must not send: missing or
 * unknown keys, malformed bodies and headers, throttled bursts whose every status counts, and the
 * runtime's own /_local endpoints, which are not part of the API.
 */

import { randomUUID } from 'node:crypto';

/** A name no other test uses (`prefix-1a2b3c4d`): every test works on its own users and products. */
export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** The web client app's key in the local runtime (`local-<app>-key`). */
export const WEB_API_KEY = 'local-web-key';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (no JSON encoding) when a string. */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** `null` sends no x-api-key. */
  readonly apiKey?: string | null;
}

export class ApiClient {
  constructor(readonly url: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey !== null) headers['x-api-key'] ??= options.apiKey ?? WEB_API_KEY;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: the caller reads `text`.
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, options?: RequestOptions) => this.request<T>('POST', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PATCH', path, options);

  /** A local id token for `sub` (admins pass `groups: ['admin']`). */
  async token(sub: string, groups: string[] = [], email = `${sub}@example.com`): Promise<string> {
    const response = await this.post<{ token: string }>('/_local/token', { body: { sub, email, groups }, apiKey: null });
    if (response.status !== 200) throw new Error(`No token for ${sub}: ${response.status} ${response.text}`);
    return response.body.token;
  }
}

/**
 * Polls `probe` until `done` accepts its value, or throws after `timeoutMs` with the last value:
 * tests wait on conditions, never on fixed sleeps.
 */
export const eventually = async <T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 100, what = 'the condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
