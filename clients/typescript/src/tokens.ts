/**
 * Where the client's bearer tokens come from: a local runtime's `/_local/token` in development,
 * or the web app's Cognito session (hosted UI, PKCE) on a deployed stage. The client asks before
 * every call; providers cache, and refresh shortly before the token expires.
 */
import type { FetchLike } from './retry';

export interface TokenOptions {
  /** A new token even if the one held looks valid: the server said it expired (live events' close code 4001). */
  readonly forceRefresh?: boolean;
}

export interface TokenProvider {
  /** The ID token to send as `Authorization: Bearer`, or undefined when signed out. Rejects when none can be had. */
  getToken(options?: TokenOptions): Promise<string | undefined>;
}

/** Refresh this long before expiry, so that a token does not expire between asking and arriving. */
const DEFAULT_REFRESH_BEFORE_MS = 60_000;

/** A JWT's `exp` in epoch milliseconds, read without verifying (the client's own token; the API verifies). */
const expiryOf = (jwt: string): number | undefined => {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp: unknown = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
};

/** Shares one refresh among concurrent callers. */
const once = <T>(run: () => Promise<T>): (() => Promise<T>) => {
  let inFlight: Promise<T> | undefined;
  return () => (inFlight ??= run().finally(() => (inFlight = undefined)));
};

/** A user of the local runtime: any subject, admin with `groups: ['admin']`. */
export interface LocalUser {
  readonly sub: string;
  readonly email?: string;
  readonly groups?: readonly string[];
}

export interface LocalTokenProviderOptions {
  /** The local runtime's URL, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  readonly user: LocalUser;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** @default 60000 */
  readonly refreshBeforeMs?: number;
}

/** Development only: signs `user` in through the local runtime's `POST /_local/token` (no AWS, no Cognito). */
export const localTokenProvider = (options: LocalTokenProviderOptions): TokenProvider => {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let current: { readonly token: string; readonly expiresAt: number } | undefined;
  const issue = once(async () => {
    const response = await send(
      new Request(new URL('/_local/token', options.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(options.user),
      }),
    );
    const text = await response.text();
    if (!response.ok) throw new Error(`POST /_local/token answered ${response.status}: ${text.slice(0, 200)}`);
    const { token, expiresIn } = JSON.parse(text) as { token: string; expiresIn: number };
    current = { token, expiresAt: now() + expiresIn * 1000 };
    return token;
  });
  return {
    getToken: async (o) => (!o?.forceRefresh && current && now() < current.expiresAt - refreshBeforeMs ? current.token : issue()),
  };
};

export interface CognitoTokenProviderOptions {
  /** The session's current ID token (e.g. from the OIDC library's user), undefined when signed out. */
  readonly currentIdToken: () => string | undefined | Promise<string | undefined>;
  /** Refreshes the session (e.g. with its refresh token) and returns the new ID token. */
  readonly refresh: () => Promise<string | undefined>;
  readonly now?: () => number;
  /** @default 60000 */
  readonly refreshBeforeMs?: number;
}

/**
 * A deployed stage: the ID token of the web app's Cognito session. Sign-in itself (hosted UI,
 * authorization code + PKCE) is the app's OIDC library's; this only keeps the token fresh.
 */
export const cognitoTokenProvider = (options: CognitoTokenProviderOptions): TokenProvider => {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const refresh = once(options.refresh);
  return {
    getToken: async (o) => {
      const token = await options.currentIdToken();
      if (token === undefined) return undefined;
      const expiresAt = expiryOf(token);
      return !o?.forceRefresh && expiresAt !== undefined && now() < expiresAt - refreshBeforeMs ? token : refresh();
    },
  };
};
