import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../actor';
import { isPathParameter } from './path-parameter';
import { HttpError } from './problem';

/** The signed-in caller of a route. */
export type Caller = Actor;

const ADMIN_GROUP = 'admin';

/**
 * The groups in `cognito:groups`, each a whole group name. A decoded JWT gives an array. A REST
 * API's Cognito authorizer gives a string: one group as its bare name (`admin`), several as a
 * bracketed list (`[admin, ops]`). Cognito group names may contain commas, brackets and spaces,
 * so nothing else is split: `support,admin` and `[admin]` are one group each, neither of them
 * `admin`. (A single group named like a list, `[a, b]`, cannot be told from two: the user pool
 * names its groups without ", ".)
 */
export const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string' || claim.length === 0) return [];
  const list = /^\[(.*)\]$/s.exec(claim)?.[1];
  if (list !== undefined && list.includes(', ')) return list.split(', ');
  return [claim];
};

const unauthorized = (detail: string): HttpError => new HttpError('unauthorized', detail);

/**
 * The signed-in caller, from the claims the gateway's authorizer verified. The gateway refuses
 * unauthenticated calls before a handler runs, so missing claims here mean a miswired route:
 * still a 401, never a guess. The `sub` becomes part of table keys (`USER#<sub>`), so one that
 * could not be a key (empty, over 128 characters, a `#`) is refused here rather than reaching
 * DynamoDB as an invalid key; Cognito's own subs are UUIDs.
 */
export const requireCaller = (event: APIGatewayProxyEvent): Caller => {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw unauthorized('A valid bearer token is required.');
  if (!isPathParameter(sub)) throw unauthorized("The token's subject cannot name a user.");
  return { id: sub, isAdmin: groupsOf(claims?.['cognito:groups']).includes(ADMIN_GROUP) };
};

export const requireAdmin = (caller: Caller): void => {
  if (!caller.isAdmin) throw new HttpError('forbidden', 'Only administrators may do this.');
};
