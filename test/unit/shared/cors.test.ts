import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { corsHeadersFor } from '../../../lambdas/shared/http/cors';

const withOrigin = (origin?: string): APIGatewayProxyEvent =>
  ({ headers: origin ? { Origin: origin } : {}, multiValueHeaders: {} }) as unknown as APIGatewayProxyEvent;

describe('CORS headers on handler responses', () => {
  afterEach(() => {
    delete process.env.CORS_ALLOW_ORIGINS;
    delete process.env.CORS_EXPOSE_HEADERS;
  });

  it('echoes an allowed origin with the exposed headers', () => {
    process.env.CORS_ALLOW_ORIGINS = 'https://a.example,https://b.example';
    process.env.CORS_EXPOSE_HEADERS = 'ETag,Location';
    expect(corsHeadersFor(withOrigin('https://b.example'))).toEqual({
      'access-control-allow-origin': 'https://b.example',
      vary: 'Origin',
      'access-control-expose-headers': 'ETag,Location',
    });
  });

  it('never echoes an origin the stage does not allow, and never answers *', () => {
    process.env.CORS_ALLOW_ORIGINS = 'https://a.example';
    expect(corsHeadersFor(withOrigin('https://evil.example'))).toEqual({ vary: 'Origin' });
    expect(corsHeadersFor(withOrigin())).toEqual({ vary: 'Origin' });
  });

  it('adds nothing when the stage allows no origin', () => {
    expect(corsHeadersFor(withOrigin('https://a.example'))).toEqual({});
  });
});
