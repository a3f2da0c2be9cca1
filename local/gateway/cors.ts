/**
 * CORS as the stack sets it up: API Gateway answers preflights itself (a mock integration on an
 * OPTIONS method of every route's resource, with the resource's methods), and its own error
 * responses carry the stage's first origin. Responses from handlers carry CORS headers that the
 * handlers add themselves (lambdas/shared/http/cors.ts), the same code locally and in the cloud.
 */
import type { CorsDeclaration } from '../../lib/declaration';

export interface LocalCors {
  readonly allowOrigins: readonly string[];
  readonly declaration: CorsDeclaration;
}

/** The preflight answer for a resource whose routes have `methods`, as the stack's mock integration sends it. */
export const preflightHeaders = (cors: LocalCors, methods: readonly string[], origin: string | undefined): Record<string, string> => {
  // Several origins: the stack's template echoes the request's origin when it is allowed, else the first.
  const allowOrigin = origin && cors.allowOrigins.includes(origin) ? origin : cors.allowOrigins[0]!;
  return {
    'access-control-allow-origin': allowOrigin,
    vary: 'Origin',
    'access-control-allow-methods': [...methods, 'OPTIONS'].join(','),
    'access-control-allow-headers': cors.declaration.allowHeaders.join(','),
    'access-control-expose-headers': cors.declaration.exposeHeaders.join(','),
    ...(cors.declaration.maxAgeSeconds === undefined ? {} : { 'access-control-max-age': String(cors.declaration.maxAgeSeconds) }),
  };
};

/** The static CORS headers of the stack's gateway responses (see lib/constructs/api.ts). */
export const gatewayResponseCorsHeaders = (cors: LocalCors | undefined): Record<string, string> => {
  const origin = cors?.allowOrigins[0];
  if (!cors || !origin) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': cors.declaration.exposeHeaders.join(','), vary: 'Origin' };
};
