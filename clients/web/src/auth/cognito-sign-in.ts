/**
 * Sign-in on a deployed stage: the Cognito hosted UI, OAuth 2.0 authorization code with PKCE
 * (oidc-client-ts does the code verifier, state, token exchange and renewal with the refresh
 * token; the client package's cognitoTokenProvider asks it for a fresh id token before the
 * current one expires). The web client is public: no secret in the browser.
 */
import { cognitoTokenProvider } from '@serverless-gateway-events/client';
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { CognitoSignIn } from '../web-config';
import { ADMIN_GROUP, claimsOf, type Session } from './session';

/** The app's own URL (index.html under /app/): Cognito's allowed callback and sign-out URL. */
const appUrl = (): string => new URL(import.meta.env.BASE_URL, window.location.origin).href;

export const cognitoSignIn = (config: CognitoSignIn) => {
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: appUrl(),
    response_type: 'code',
    scope: 'openid email profile',
    // Tokens live as long as the tab: nothing for another tab or a later visitor to find.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Renewal is on demand (cognitoTokenProvider), with the refresh token: no hidden iframe.
    automaticSilentRenew: false,
    // Cognito's discovery document has no end_session_endpoint: its logout endpoint is on the hosted UI's domain.
    metadataSeed: { end_session_endpoint: `${config.domain}/logout` },
  });

  const sessionOf = (user: User): Session => {
    const claims = claimsOf(user.id_token!);
    return {
      userId: claims.sub,
      name: claims.name ?? claims.email?.split('@')[0] ?? claims['cognito:username'] ?? claims.sub,
      email: claims.email ?? '',
      admin: (claims['cognito:groups'] ?? []).includes(ADMIN_GROUP),
      tokens: cognitoTokenProvider({
        currentIdToken: async () => (await manager.getUser())?.id_token,
        refresh: async () => (await manager.signinSilent())?.id_token,
      }),
      signOut: async () => {
        await manager.removeUser();
        // Cognito's logout takes client_id and logout_uri, not the OIDC names.
        await manager.signoutRedirect({ extraQueryParams: { client_id: config.clientId, logout_uri: appUrl() } });
      },
    };
  };

  return {
    /** Finishes a redirect back from the hosted UI (the URL has `code` and `state`), else restores the tab's session. */
    restore: async (): Promise<Session | undefined> => {
      const url = new URL(window.location.href);
      if (url.searchParams.has('code') && url.searchParams.has('state')) {
        const user = await manager.signinRedirectCallback();
        window.history.replaceState(null, '', appUrl());
        return sessionOf(user);
      }
      const user = await manager.getUser();
      // An expired id token is renewed on the first call, as long as the refresh token is valid.
      return user?.id_token ? sessionOf(user) : undefined;
    },
    signIn: (): Promise<void> => manager.signinRedirect(),
  };
};
