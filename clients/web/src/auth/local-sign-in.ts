/**
 * Local sign-in: the local runtime's `POST /_local/token` signs a Cognito-shaped id token for any
 * name, so a developer can be anyone, admin or not. It exists only locally; a deployed stage's
 * config.json names Cognito instead.
 */
import { ADMIN_GROUP, claimsOf, type Session } from './session';

const STORAGE_KEY = 'shop.local-session';
/** Renew this long before expiry, so that a request never leaves with a token about to expire. */
const RENEW_MARGIN_SECONDS = 60;

interface StoredSession {
  readonly userId: string;
  readonly admin: boolean;
  readonly token: string;
}

/** What the sign-in form asks for: a user id (letters, digits, `_`, `.`, `-`) and whether they are an admin. */
export interface LocalSignInRequest {
  readonly userId: string;
  readonly admin: boolean;
}

export class LocalSignInError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`The local runtime refused the token request (${status})`);
  }
}

const emailOf = (userId: string): string => `${userId.toLowerCase()}@example.com`;

const issue = async (apiUrl: string, request: LocalSignInRequest): Promise<string> => {
  const response = await fetch(new URL('_local/token', withSlash(apiUrl)), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: request.userId, email: emailOf(request.userId), groups: request.admin ? [ADMIN_GROUP] : [] }),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new LocalSignInError(response.status, body);
  return (body as { token: string }).token;
};

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

const sessionOf = (apiUrl: string, stored: StoredSession, onSignOut: () => void): Session => {
  let token = stored.token;
  const claims = claimsOf(token);
  return {
    userId: stored.userId,
    name: stored.userId,
    email: claims.email ?? emailOf(stored.userId),
    admin: stored.admin,
    idToken: async () => {
      if (claimsOf(token).exp - RENEW_MARGIN_SECONDS <= Date.now() / 1000) {
        token = await issue(apiUrl, stored);
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, token }));
      }
      return token;
    },
    signOut: async () => {
      sessionStorage.removeItem(STORAGE_KEY);
      onSignOut();
    },
  };
};

export const localSignIn = (apiUrl: string, onSignOut: () => void) => ({
  /** The session kept in this tab (sessionStorage), if any. */
  restore: (): Session | undefined => {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    try {
      return sessionOf(apiUrl, JSON.parse(raw) as StoredSession, onSignOut);
    } catch {
      sessionStorage.removeItem(STORAGE_KEY);
      return undefined;
    }
  },
  signIn: async (request: LocalSignInRequest): Promise<Session> => {
    const stored: StoredSession = { ...request, token: await issue(apiUrl, request) };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    return sessionOf(apiUrl, stored, onSignOut);
  },
});
