import { describe, expect, it } from 'vitest';
import { groupsOf, requireCaller } from '../../../lambdas/shared/http/caller';
import { HttpError } from '../../../lambdas/shared/http/problem';
import { restApiClaims } from '../../../local/auth/tokens';
import { httpEvent } from '../http-event';

const callerWith = (claims: { sub?: string; 'cognito:groups'?: string | string[] }) =>
  requireCaller(httpEvent({ method: 'GET', path: '/v1/users/u-1', claims }));

const refusalOf = (run: () => unknown): HttpError => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('Expected an HttpError');
};

describe('the admin check', () => {
  it.each([
    ['the bare string form', 'admin'],
    ["API Gateway's list form", '[ops, admin]'],
    ['an array', ['ops', 'admin']],
  ])('knows an admin from %s', (_form, groups) => {
    expect(callerWith({ sub: 'u-1', 'cognito:groups': groups }).isAdmin).toBe(true);
  });

  it.each([
    ['a comma-separated group name', 'support,admin'],
    ['a bracketed group name', '[admin]'],
    ['a group name with spaces', 'admin ops'],
    ['a longer name', 'administrators'],
    ['an array holding a comma-separated name', ['support,admin']],
    ['an array holding a bracketed name', ['[admin]']],
    ['a list form without admin', '[ops, support]'],
  ])('matches only the whole group name, not %s', (_form, groups) => {
    expect(callerWith({ sub: 'u-1', 'cognito:groups': groups }).isAdmin).toBe(false);
  });

  it('reads back every group list exactly as the local authorizer flattens it', () => {
    for (const groups of [['admin'], ['[admin]'], ['support,admin'], ['ops', 'admin'], ['a', 'b', 'c']]) {
      const claims = restApiClaims({ sub: 'u-1', 'cognito:groups': groups });
      expect(groupsOf(claims['cognito:groups'])).toEqual(groups);
    }
  });
});

describe("the token's subject", () => {
  it('is the caller id when it can name a user', () => {
    expect(callerWith({ sub: '3f0e9c1a-5b7d-4e2f-9a8b-1c2d3e4f5a6b' }).id).toBe('3f0e9c1a-5b7d-4e2f-9a8b-1c2d3e4f5a6b');
  });

  it.each([
    ['over 2 KB', 'a'.repeat(2100)],
    ['over 128 characters', 'a'.repeat(129)],
    ['holding the key separator', 'user#1'],
    ['holding a control character', 'user\u0000'],
  ])('is refused with 401 when %s, before anything reads a table', (_what, sub) => {
    const refusal = refusalOf(() => callerWith({ sub }));

    expect(refusal.status).toBe(401);
    expect(refusal.toProblem().type).toBe('/problems/unauthorized');
  });
});
