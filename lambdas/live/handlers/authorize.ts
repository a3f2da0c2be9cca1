import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { ID_TOKEN_AUDIENCE_ENV, ID_TOKEN_ISSUER_ENV, ID_TOKEN_JWKS_URL_ENV, requireEnv } from '../../shared/env';
import { logger } from '../../shared/powertools';
import { joseIdTokenVerifier } from '../id-token';
import { authorize, UnauthorizedError } from '../live';

const verifier = joseIdTokenVerifier({
  issuer: requireEnv(ID_TOKEN_ISSUER_ENV),
  audience: requireEnv(ID_TOKEN_AUDIENCE_ENV),
  jwksUrl: requireEnv(ID_TOKEN_JWKS_URL_ENV),
});

/**
 * The socket's $connect authorizer: a browser cannot set headers on a WebSocket, so the id token
 * comes as the query parameter `token`. Throwing `Unauthorized` is how a Lambda authorizer makes
 * API Gateway refuse the handshake with 401. The user and the token's expiry go to the routes in
 * the context; the API key is checked by API Gateway (usageIdentifierKey).
 */
export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  try {
    const { userId, expiresAt, apiKey } = await authorize(event.queryStringParameters, verifier);
    return {
      principalId: userId,
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
      context: { userId, expiresAt },
      usageIdentifierKey: apiKey,
    };
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      logger.info('Connection refused', { reason: error.reason });
      throw new Error('Unauthorized');
    }
    throw error;
  }
};
