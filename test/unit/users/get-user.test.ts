import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lambdas/shared/http/request';
import { handler } from '../../../lambdas/users/handlers/get-user';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type BadInput, type HttpEventOptions } from '../http-event';
import { NOW, TABLE, storedUser } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { users } from '../../../lambdas/users/contract';

// Before the handler module loads: it reads its table name once, at cold start.
vi.hoisted(() => {
  process.env.USERS_TABLE_NAME = 'users-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'getUser', users.routes.getUser);

const getRequest = (id: string, overrides: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'GET',
    path: `/v1/users/${id}`,
    resource: '/v1/users/{id}',
    pathParameters: { id },
    claims: { sub: 'user-1' },
    ...overrides,
  });

beforeEach(() => {
  ddb.reset();
});

describe('GET /v1/users/{id}', () => {
  it('returns the owner their profile, without storage attributes, with its version as ETag', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser({ version: 4 }) });

    const result = await handler(getRequest('user-1'), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      id: 'user-1',
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: NOW,
      updatedAt: NOW,
      version: 4,
    });
    expect(responseHeader(result, 'etag')).toBe('"4"');
  });

  it('reads the profile item by key, strongly consistent', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });

    await handler(getRequest('user-1'), lambdaContext);

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: TABLE, Key: { pk: 'USER#user-1', sk: 'PROFILE' }, ConsistentRead: true },
    ]);
  });

  it("returns an admin someone else's profile", async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });

    const result = await handler(getRequest('user-1', { claims: { sub: 'admin-1', 'cognito:groups': 'admin' } }), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ id: 'user-1' });
  });

  it('answers 404 for an id with no profile', async () => {
    ddb.on(GetCommand).resolves({});

    const result = await handler(getRequest('user-1'), lambdaContext);

    const problem = expectProblem(result, 404);
    expect(problem.type).toBe('/problems/not-found');
  });

  it("answers a non-admin asking for someone else's id exactly as for a missing id, without reading the table", async () => {
    ddb.on(GetCommand).resolves({});
    const missing = await handler(getRequest('user-1'), lambdaContext);
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: storedUser({ id: 'user-2', pk: 'USER#user-2' }) });

    const someoneElses = await handler(getRequest('user-2'), lambdaContext);

    expectProblem(someoneElses, 404);
    expect(someoneElses.body).toBe(missing.body);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 500 without the cause when the table cannot be read', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('secret internal detail'), { name: 'InternalServerError' }));

    const result = await handler(getRequest('user-1'), lambdaContext);

    const problem = expectProblem(result, 500);
    expect(result.body).not.toContain('secret internal detail');
    expect(problem.detail).toContain('request-1');
  });

  describe('refuses bad input without touching the table', () => {
    // The route takes no body: whatever a body holds (malformed, oversized, another media
    // type), it is refused with the same 400 before anything is read.
    it.each<BadInput>([
      { name: 'a malformed JSON body', request: { body: '{"name":' }, status: 400, type: '/problems/validation', errors: ['/'] },
      { name: 'a JSON body', request: { body: { name: 'Ada' } }, status: 400, type: '/problems/validation', errors: ['/'] },
      {
        name: 'a body over 64 KB',
        request: { body: 'x'.repeat(MAX_BODY_BYTES + 1) },
        status: 400,
        type: '/problems/validation',
        errors: ['/'],
      },
      {
        name: 'a body of another content type',
        request: { body: 'name=Ada', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
        status: 400,
        type: '/problems/validation',
        errors: ['/'],
      },
      { name: 'a request without claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
      {
        name: 'a request without a user id in the path',
        request: { pathParameters: undefined },
        status: 400,
        type: '/problems/validation',
        errors: ['/id'],
      },
      {
        name: "another user's id",
        request: { path: '/v1/users/user-2', pathParameters: { id: 'user-2' } },
        status: 404,
        type: '/problems/not-found',
      },
    ])(
      'refuses $name with $status',
      async ({ request, status, type, errors }) => {
        const result = await handler(getRequest('user-1', request), lambdaContext);

        const problem = expectProblem(result, status);
        expect(problem.type).toBe(type);
        if (errors) {
          expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(errors);
        }
        expect(ddb.calls()).toHaveLength(0);
      },
    );
  });
});
