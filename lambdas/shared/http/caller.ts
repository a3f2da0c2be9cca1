import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../actor';
import { HttpError } from './problem';

/** The signed-in caller of a route. */
export type Caller = Actor;

/**
 * REST API Cognito authorizers flatten `cognito:groups` into a string ("admin" or "[admin, ops]");
 * a JWT decoded elsewhere gives an array. Accept both.
 */
const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
};

/**
 * The signed-in caller, from the claims the gateway's authorizer verified. The gateway refuses
 * unauthenticated calls before a handler runs, so missing claims here mean a miswired route:
 * still a 401, never a guess.
 */
export const requireCaller = (event: APIGatewayProxyEvent): Caller => {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) {
    throw new HttpError(401, 'unauthorized', 'Unauthorized', 'A valid bearer token is required.');
  }
  return { id: sub, isAdmin: groupsOf(claims?.['cognito:groups']).includes('admin') };
};

export const requireAdmin = (caller: Caller): void => {
  if (!caller.isAdmin) throw new HttpError(403, 'forbidden', 'Forbidden', 'Only administrators may do this.');
};
