import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES } from '../../../lambdas/shared/http/request';
import { handler } from '../../../lambdas/users/handlers/create-user';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type BadInput, type HttpEventOptions } from '../http-event';
import { NOW, TABLE, transactionCanceled } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { users } from '../../../lambdas/users/contract';

// Before the handler module loads: it reads its table name once, at cold start.
vi.hoisted(() => {
  process.env.USERS_TABLE_NAME = 'users-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'createUser', users.routes.createUser);

const createRequest = (overrides: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'POST',
    path: '/v1/users',
    resource: '/v1/users',
    body: { name: 'Ada', email: 'ada@example.com' },
    claims: { sub: 'user-1' },
    ...overrides,
  });

const sentTransactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/users', () => {
  it("creates the caller's profile with its id from the token and answers 201 with Location and ETag", async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const result = await handler(createRequest(), lambdaContext);

    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({
      id: 'user-1',
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
    expect(responseHeader(result, 'location')).toBe('/v1/users/user-1');
    expect(responseHeader(result, 'etag')).toBe('"1"');
  });

  it('writes the user only if absent, and its UserSignedUp outbox item, in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await handler(createRequest({ headers: { 'X-Correlation-Id': 'corr-0001' } }), lambdaContext);

    const transactions = sentTransactions();
    expect(transactions).toHaveLength(1);
    const [userPut, outboxPut] = transactions[0]!.TransactItems!;
    expect(userPut).toEqual({
      Put: {
        TableName: TABLE,
        Item: {
          pk: 'USER#user-1',
          sk: 'PROFILE',
          kind: 'user',
          id: 'user-1',
          name: 'Ada',
          email: 'ada@example.com',
          createdAt: NOW,
          updatedAt: NOW,
          version: 1,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const event = outboxPut!.Put!.Item!.event as { id: string };
    expect(outboxPut).toEqual({
      Put: {
        TableName: TABLE,
        Item: {
          pk: `OUTBOX#${event.id}`,
          sk: 'EVENT',
          kind: 'outbox',
          type: 'UserSignedUp',
          // In the awaiting index until a relay marks it published; kept as long as a parked record may name it.
          awaitingPk: expect.stringMatching(/^OUTBOX#\d$/),
          awaitingSince: NOW,
          expiresAt: Math.floor(Date.parse(NOW) / 1000) + 15 * 86_400,
          event: {
            id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
            type: 'UserSignedUp',
            version: 1,
            source: 'users',
            occurredAt: NOW,
            correlationId: 'corr-0001',
            subject: 'user-1',
            data: { userId: 'user-1', name: 'Ada', email: 'ada@example.com' },
          },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('stores the trimmed name the schema produced, not the raw input', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await handler(createRequest({ body: { name: '  Ada  ', email: 'ada@example.com' } }), lambdaContext);

    expect(sentTransactions()[0]!.TransactItems![0]!.Put!.Item!.name).toBe('Ada');
  });

  it('answers 409 when the caller already has a profile', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

    const result = await handler(createRequest(), lambdaContext);

    const problem = expectProblem(result, 409);
    expect(problem.type).toBe('/problems/conflict');
  });

  it('answers 500, not 409, when the transaction is cancelled for a reason other than the user condition', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'TransactionConflict'));

    const result = await handler(createRequest(), lambdaContext);

    const problem = expectProblem(result, 500);
    expect(problem.type).toBe('/problems/internal');
    expect(problem.detail).toContain('request-1');
  });

  it("answers 500, not 409, when only the outbox item's guard failed", async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));

    const result = await handler(createRequest(), lambdaContext);

    expectProblem(result, 500);
  });

  describe('refuses bad input without touching the table', () => {
    it.each<BadInput>([
      { name: 'malformed JSON', request: { body: '{"name": "Ada",' }, status: 400, type: '/problems/malformed-json' },
      // The sub becomes the key USER#<sub>: over DynamoDB's key limit it was once a 500.
      { name: 'a token sub over 2 KB', request: { claims: { sub: 'u'.repeat(2100) } }, status: 401, type: '/problems/unauthorized' },
      { name: 'an empty body', request: { body: undefined }, status: 400, type: '/problems/validation', errors: ['/'] },
      {
        name: 'wrong types',
        request: { body: { name: 42, email: 'not-an-email' } },
        status: 400,
        type: '/problems/validation',
        errors: ['/name', '/email'],
      },
      { name: 'missing fields', request: { body: {} }, status: 400, type: '/problems/validation', errors: ['/name', '/email'] },
      {
        name: "an unknown field (someone else's id included)",
        request: { body: { id: 'user-2', name: 'Ada', email: 'ada@example.com' } },
        status: 400,
        type: '/problems/validation',
        errors: ['/id'],
      },
      {
        name: 'a body over 64 KB',
        request: { body: { name: 'Ada', email: 'ada@example.com', padding: 'x'.repeat(MAX_BODY_BYTES) } },
        status: 413,
        type: '/problems/payload-too-large',
      },
      {
        name: 'a non-JSON content type',
        request: { body: 'name=Ada', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
        status: 415,
        type: '/problems/unsupported-media-type',
      },
      { name: 'a request without claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
    ])(
      'refuses $name with $status',
      async ({ request, status, type, errors }) => {
        const result = await handler(createRequest(request), lambdaContext);

        const problem = expectProblem(result, status);
        expect(problem.type).toBe(type);
        if (errors) {
          const paths = (problem.errors as { path: string }[]).map((error) => error.path);
          expect(paths).toEqual(expect.arrayContaining(errors));
        }
        expect(ddb.calls()).toHaveLength(0);
      },
    );
  });
});
