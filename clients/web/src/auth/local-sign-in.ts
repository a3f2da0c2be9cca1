/**
 * Local sign-in: the local runtime's `POST /_local/token` signs a Cognito-shaped id token for any
 * name, so a developer can be anyone, admin or not (the client package's localTokenProvider asks
 * for it, and again before it expires). It exists only locally; a deployed stage's config.json
 * names Cognito instead.
 */
import { localTokenProvider } from '@serverless-gateway-events/client';
import { ADMIN_GROUP, type Session } from './session';

const STORAGE_KEY = 'shop.local-user';

/** What the sign-in form asks for: a user id (letters, digits, `_`, `.`, `-`) and whether they are an admin. */
export interface LocalSignInRequest {
  readonly userId: string;
  readonly admin: boolean;
}

const emailOf = (userId: string): string => `${userId.toLowerCase()}@example.com`;

export const localSignIn = (apiUrl: string, onSignOut: () => void) => {
  const sessionOf = (user: LocalSignInRequest): Session => ({
    userId: user.userId,
    name: user.userId,
    email: emailOf(user.userId),
    admin: user.admin,
    tokens: localTokenProvider({ baseUrl: apiUrl, user: { sub: user.userId, email: emailOf(user.userId), groups: user.admin ? [ADMIN_GROUP] : [] } }),
    signOut: async () => {
      sessionStorage.removeItem(STORAGE_KEY);
      onSignOut();
    },
  });
  return {
    /** The user signed in in this tab (sessionStorage), if any: a token is asked for again when needed. */
    restore: (): Session | undefined => {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      try {
        return sessionOf(JSON.parse(raw) as LocalSignInRequest);
      } catch {
        sessionStorage.removeItem(STORAGE_KEY);
        return undefined;
      }
    },
    /** Signs in: rejects with the local runtime's refusal when it will not sign a token. */
    signIn: async (request: LocalSignInRequest): Promise<Session> => {
      const session = sessionOf(request);
      await session.tokens.getToken();
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(request));
      return session;
    },
  };
};
