import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lambdas/shared/http/request';
import { handler } from '../../../lambdas/users/handlers/update-user';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type BadInput, type HttpEventOptions } from '../http-event';
import { NOW, TABLE, storedUser, transactionCanceled } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { users } from '../../../lambdas/users/contract';

// Before the handler module loads: it reads its table name once, at cold start.
vi.hoisted(() => {
  process.env.USERS_TABLE_NAME = 'users-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const LATER = '2025-03-02T08:00:00.000Z';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'updateUser', users.routes.updateUser);

const patchRequest = (overrides: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'PATCH',
    path: '/v1/users/user-1',
    resource: '/v1/users/{id}',
    pathParameters: { id: 'user-1' },
    headers: { 'If-Match': '"1"' },
    body: { name: 'Ada Lovelace' },
    claims: { sub: 'user-1' },
    ...overrides,
  });

const sentTransactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(LATER) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PATCH /v1/users/{id}', () => {
  it('answers 200 with the updated profile and its new ETag', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).resolves({});

    const result = await handler(patchRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      id: 'user-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      createdAt: NOW,
      updatedAt: LATER,
      version: 2,
    });
    expect(responseHeader(result, 'etag')).toBe('"2"');
  });

  it('writes the new version only if the stored one is still the expected one, with its UserUpdated outbox item', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).resolves({});

    await handler(patchRequest({ body: { email: 'ada@lovelace.org' } }), lambdaContext);

    const transactions = sentTransactions();
    expect(transactions).toHaveLength(1);
    const [userPut, outboxPut] = transactions[0]!.TransactItems!;
    expect(userPut).toEqual({
      Put: {
        TableName: TABLE,
        Item: storedUser({ email: 'ada@lovelace.org', updatedAt: LATER, version: 2 }),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': 1 },
      },
    });
    const event = outboxPut!.Put!.Item!.event as { id: string };
    expect(outboxPut).toEqual({
      Put: {
        TableName: TABLE,
        Item: expect.objectContaining({
          pk: `OUTBOX#${event.id}`,
          sk: 'EVENT',
          kind: 'outbox',
          type: 'UserUpdated',
          event: expect.objectContaining({
            type: 'UserUpdated',
            source: 'users',
            subject: 'user-1',
            correlationId: 'request-1',
            occurredAt: LATER,
            data: { userId: 'user-1', changes: { email: 'ada@lovelace.org' } },
          }),
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('accepts a weak ETag in If-Match', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).resolves({});

    const result = await handler(patchRequest({ headers: { 'If-Match': 'W/"1"' } }), lambdaContext);

    expect(result.statusCode).toBe(200);
  });

  it('lets exactly one of two concurrent updates with the same ETag succeed; the other gets 412', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None'));

    const results = await Promise.all([
      handler(patchRequest({ body: { name: 'First' } }), lambdaContext),
      handler(patchRequest({ body: { name: 'Second' } }), lambdaContext),
    ]);

    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 412]);
    expectProblem(results.find((result) => result.statusCode === 412)!, 412);
    const conditions = sentTransactions().map((transaction) => transaction.TransactItems![0]!.Put);
    expect(conditions).toEqual([
      expect.objectContaining({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 1 } }),
      expect.objectContaining({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 1 } }),
    ]);
  });

  it('answers 412 without writing when the ETag is stale', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser({ version: 2 }) });

    const result = await handler(patchRequest({ headers: { 'If-Match': '"1"' } }), lambdaContext);

    const problem = expectProblem(result, 412);
    expect(problem.type).toBe('/problems/precondition-failed');
    expect(sentTransactions()).toHaveLength(0);
  });

  it('answers 412 without touching the table when If-Match cannot be parsed', async () => {
    const result = await handler(patchRequest({ headers: { 'If-Match': 'version-one' } }), lambdaContext);

    expectProblem(result, 412);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 428 without touching the table when If-Match is missing', async () => {
    const result = await handler(patchRequest({ headers: { 'If-Match': undefined } }), lambdaContext);

    const problem = expectProblem(result, 428);
    expect(problem.type).toBe('/problems/precondition-required');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 when the owner has no profile yet', async () => {
    ddb.on(GetCommand).resolves({});

    const result = await handler(patchRequest(), lambdaContext);

    expectProblem(result, 404);
    expect(sentTransactions()).toHaveLength(0);
  });

  it("answers 403 to an admin changing someone else's profile, without touching the table", async () => {
    const result = await handler(patchRequest({ claims: { sub: 'admin-1', 'cognito:groups': 'admin' } }), lambdaContext);

    const problem = expectProblem(result, 403);
    expect(problem.type).toBe('/problems/forbidden');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('tries again when another transaction held the item, and lets the version condition decide (412)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCanceled('TransactionConflict', 'None'))
      .rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None'));

    const result = await handler(patchRequest(), lambdaContext);

    expectProblem(result, 412);
    expect(sentTransactions()).toHaveLength(2);
  });

  it('tries again when another transaction held the item, and succeeds when the version still matches', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('TransactionConflict', 'None')).resolves({});

    const result = await handler(patchRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(sentTransactions()).toHaveLength(2);
  });

  it('answers 500, not 412, when a conflict outlasts the retries', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('TransactionConflict', 'None'));

    const result = await handler(patchRequest(), lambdaContext);

    expectProblem(result, 500);
    expect(sentTransactions()).toHaveLength(3);
  });

  it('answers 500, not 412, when the transaction is cancelled for a reason other than the version', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));

    const result = await handler(patchRequest(), lambdaContext);

    expectProblem(result, 500);
    expect(sentTransactions()).toHaveLength(1);
  });

  describe('checks ownership, then the body, then If-Match', () => {
    it('answers 404 to a stranger even when the body and If-Match are also wrong', async () => {
      const result = await handler(
        patchRequest({ claims: { sub: 'user-2' }, body: '{', headers: { 'If-Match': undefined } }),
        lambdaContext,
      );

      expectProblem(result, 404);
    });

    it('answers 400 for an invalid body even when If-Match is missing', async () => {
      const result = await handler(patchRequest({ body: { name: '' }, headers: { 'If-Match': undefined } }), lambdaContext);

      expectProblem(result, 400);
    });
  });

  describe('refuses bad input without touching the table', () => {
    it.each<BadInput>([
      { name: 'malformed JSON', request: { body: '{"name": ' }, status: 400, type: '/problems/malformed-json' },
      {
        name: 'wrong types',
        request: { body: { name: 7, email: false } },
        status: 400,
        type: '/problems/validation',
        errors: ['/name', '/email'],
      },
      { name: 'a body with no field to change', request: { body: {} }, status: 400, type: '/problems/validation', errors: ['/'] },
      {
        name: 'an unknown field',
        request: { body: { name: 'Ada', version: 9 } },
        status: 400,
        type: '/problems/validation',
        errors: ['/version'],
      },
      {
        name: 'a body over 64 KB',
        request: { body: { name: 'x'.repeat(MAX_BODY_BYTES) } },
        status: 413,
        type: '/problems/payload-too-large',
      },
      {
        name: 'a non-JSON content type',
        request: { body: 'name=Ada', headers: { 'Content-Type': 'text/plain', 'If-Match': '"1"' } },
        status: 415,
        type: '/problems/unsupported-media-type',
      },
      { name: 'a request without claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
      {
        name: "another user's id",
        request: { path: '/v1/users/user-2', pathParameters: { id: 'user-2' } },
        status: 404,
        type: '/problems/not-found',
      },
    ])(
      'refuses $name with $status',
      async ({ request, status, type, errors }) => {
        const result = await handler(patchRequest(request), lambdaContext);

        const problem = expectProblem(result, status);
        expect(problem.type).toBe(type);
        if (errors) {
          expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(
            expect.arrayContaining(errors),
          );
        }
        expect(ddb.calls()).toHaveLength(0);
      },
    );
  });
});
