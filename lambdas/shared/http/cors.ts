import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CORS_ALLOW_ORIGINS_ENV, CORS_EXPOSE_HEADERS_ENV } from '../env';
import { header } from './request';

/**
 * CORS headers for a response: with a Lambda proxy integration API Gateway passes the function's
 * headers through untouched, so a browser can read the response only if the function names the
 * caller's origin itself. Only origins the stage allows are echoed, never `*`; `Vary: Origin`
 * keeps caches from serving one origin's answer to another.
 */
export const corsHeadersFor = (event: APIGatewayProxyEvent): Record<string, string> => {
  const allowed = process.env[CORS_ALLOW_ORIGINS_ENV];
  if (!allowed) return {};
  const origin = header(event, 'origin');
  if (!origin || !allowed.split(',').includes(origin)) return { vary: 'Origin' };
  const expose = process.env[CORS_EXPOSE_HEADERS_ENV];
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(expose ? { 'access-control-expose-headers': expose } : {}),
  };
};
