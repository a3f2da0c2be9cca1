import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { IdTokenVerifier } from './ports';

export interface IdTokenIssuer {
  /** `https://cognito-idp.<region>.amazonaws.com/<user pool id>` in AWS. */
  readonly issuer: string;
  /** The app client id the token was issued to. */
  readonly audience: string;
  /** Where the issuer publishes its signing keys (`<issuer>/.well-known/jwks.json` for Cognito). */
  readonly jwksUrl: string;
}

/**
 * Verifies an id token as the REST API's Cognito authorizer does: signature (keys fetched once
 * per container and cached), issuer, audience, expiry and `token_use` = id.
 */
export const joseIdTokenVerifier = ({ issuer, audience, jwksUrl }: IdTokenIssuer): IdTokenVerifier => {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return {
    async verify(token) {
      const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256'], requiredClaims: ['sub', 'exp'] });
      if (payload.token_use !== 'id') throw new Error('Only id tokens are accepted');
      return { userId: payload.sub!, expiresAt: payload.exp! };
    },
  };
};
