import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test';
const AUDIENCE = 'client-1';

// The authorizer reads its issuer at cold start: the JWKS server's port is known only in beforeAll.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

let server: http.Server;
let sign: (claims: Record<string, unknown>, options?: { issuer?: string; expiresIn?: number }) => Promise<string>;
let handler: typeof import('../../../lambdas/live/handlers/authorize').handler;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = http.createServer((_request, response) => response.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.ID_TOKEN_ISSUER = ISSUER;
  process.env.ID_TOKEN_AUDIENCE = AUDIENCE;
  process.env.ID_TOKEN_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  sign = (claims, { issuer = ISSUER, expiresIn = 3600 } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('ada').setIssuer(issuer).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(privateKey);
  };
  ({ handler } = await import('../../../lambdas/live/handlers/authorize'));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const connectEvent = (query: Record<string, string> | null): APIGatewayRequestAuthorizerEvent =>
  ({ type: 'REQUEST', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/$connect', queryStringParameters: query }) as APIGatewayRequestAuthorizerEvent;

describe('socket authorizer', () => {
  it('allows a valid id token, passing its user and expiry to the routes and the API key to API Gateway', async () => {
    const token = await sign({ token_use: 'id' });

    const result = await handler(connectEvent({ token, apiKey: 'web-key' }));

    expect(result).toMatchObject({
      principalId: 'ada',
      policyDocument: { Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/$connect' }] },
      context: { userId: 'ada', expiresAt: expect.any(Number) },
      usageIdentifierKey: 'web-key',
    });
  });

  it.each([
    ['an access token', async () => sign({ token_use: 'access' })],
    ['a token of another issuer', async () => sign({ token_use: 'id' }, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/other' })],
    ['an expired token', async () => sign({ token_use: 'id' }, { expiresIn: -60 })],
    ['a token that is not a JWT', async () => 'not-a-jwt'],
  ])('refuses %s with Unauthorized (a 401 on the handshake)', async (_case, token) => {
    await expect(handler(connectEvent({ token: await token(), apiKey: 'web-key' }))).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses a connection without a token', async () => {
    await expect(handler(connectEvent({ apiKey: 'web-key' }))).rejects.toThrow(/^Unauthorized$/);
  });
});
