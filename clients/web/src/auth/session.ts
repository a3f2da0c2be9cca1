import type { TokenProvider } from '@serverless-gateway-events/client';

/** The signed-in user, whichever way they signed in. */
export interface Session {
  /** The id token's `sub`: the user's id in the API. */
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  /** In the `admin` group (`cognito:groups`): may create products. */
  readonly admin: boolean;
  /** The session's id tokens (the API's authorizer checks id tokens), renewed before they expire. */
  readonly tokens: TokenProvider;
  signOut(): Promise<void>;
}

export interface IdTokenClaims {
  readonly sub: string;
  readonly email?: string;
  readonly name?: string;
  readonly 'cognito:username'?: string;
  readonly 'cognito:groups'?: readonly string[];
}

/** The claims of a JWT, unverified: the API verifies it, the app only shows who is signed in. */
export const claimsOf = (jwt: string): IdTokenClaims => {
  const payload = jwt.split('.')[1];
  if (!payload) throw new Error('Not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as IdTokenClaims;
};

export const ADMIN_GROUP = 'admin';
