import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/notifications/handlers/list-notifications';
import { encodeCursor } from '../../../lambdas/shared/pagination';
import { expectProblem, httpEvent, lambdaContext, type BadInput, type HttpEventOptions } from '../http-event';
import { TABLE } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { notifications } from '../../../lambdas/notifications/contract';

// Before the handler module loads: it reads its table name once, at cold start.
vi.hoisted(() => {
  process.env.NOTIFICATIONS_TABLE_NAME = 'notifications-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'listUserNotifications', notifications.routes.listUserNotifications);

const listRequest = (overrides: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'GET',
    path: '/v1/users/user-1/notifications',
    resource: '/v1/users/{id}/notifications',
    pathParameters: { id: 'user-1' },
    claims: { sub: 'user-1' },
    ...overrides,
  });

const storedNotification = (eventId: string, message: string) => ({
  pk: 'USER#user-1',
  sk: `NOTIFICATION#${eventId}`,
  kind: 'notification',
  id: eventId,
  userId: 'user-1',
  type: 'OrderConfirmed',
  message,
  createdAt: '2025-03-01T10:00:00.000Z',
  expiresAt: 1_756_375_200,
});

const sentQueries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
});

describe('GET /v1/users/{id}/notifications', () => {
  it("returns the owner's notifications without storage attributes, and a cursor to the next page", async () => {
    const lastKey = { pk: 'USER#user-1', sk: 'NOTIFICATION#01JNB3W5M2ZQ4Y0P9R6S7T8V1A' };
    ddb.on(QueryCommand).resolves({
      Items: [storedNotification('01JNB3W5M2ZQ4Y0P9R6S7T8V1B', 'second'), storedNotification('01JNB3W5M2ZQ4Y0P9R6S7T8V1A', 'first')],
      LastEvaluatedKey: lastKey,
    });

    const result = await handler(listRequest({ query: { limit: '2' } }), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      items: [
        { id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', type: 'OrderConfirmed', message: 'second', createdAt: '2025-03-01T10:00:00.000Z' },
        { id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1A', type: 'OrderConfirmed', message: 'first', createdAt: '2025-03-01T10:00:00.000Z' },
      ],
      nextCursor: encodeCursor(lastKey),
    });
  });

  it("queries only the owner's notifications, newest first, a page of the default size", async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await handler(listRequest(), lambdaContext);

    expect(sentQueries()).toEqual([
      {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'USER#user-1', ':prefix': 'NOTIFICATION#' },
        ScanIndexForward: false,
        Limit: 20,
        ExclusiveStartKey: undefined,
      },
    ]);
  });

  it('continues from the key the cursor carries', async () => {
    const key = { pk: 'USER#user-1', sk: 'NOTIFICATION#01JNB3W5M2ZQ4Y0P9R6S7T8V1A' };
    ddb.on(QueryCommand).resolves({ Items: [] });

    await handler(listRequest({ query: { cursor: encodeCursor(key)!, limit: '5' } }), lambdaContext);

    expect(sentQueries()[0]).toMatchObject({ ExclusiveStartKey: key, Limit: 5 });
  });

  it('ends with a null cursor on the last page', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedNotification('01JNB3W5M2ZQ4Y0P9R6S7T8V1A', 'only')] });

    const result = await handler(listRequest(), lambdaContext);

    expect(JSON.parse(result.body)).toMatchObject({ nextCursor: null });
  });

  describe('refuses bad input without touching the table', () => {
    it.each<BadInput>([
      {
        name: 'a cursor that is not base64url JSON',
        request: { query: { cursor: 'bm90LWpzb24' } },
        status: 400,
        type: '/problems/validation',
        errors: ['/cursor'],
      },
      {
        name: 'a cursor with attributes other than the key',
        request: { query: { cursor: encodeCursor({ pk: 'USER#user-1', sk: 'NOTIFICATION#x', admin: 'true' })! } },
        status: 400,
        type: '/problems/validation',
        errors: ['/cursor'],
      },
      {
        name: "a cursor edited to point into another user's notifications",
        request: { query: { cursor: encodeCursor({ pk: 'USER#user-2', sk: 'NOTIFICATION#01JNB3W5M2ZQ4Y0P9R6S7T8V1A' })! } },
        status: 400,
        type: '/problems/validation',
        errors: ['/cursor'],
      },
      {
        name: 'a cursor edited to point at the profile item',
        request: { query: { cursor: encodeCursor({ pk: 'USER#user-1', sk: 'PROFILE' })! } },
        status: 400,
        type: '/problems/validation',
        errors: ['/cursor'],
      },
      { name: 'a limit of the wrong type', request: { query: { limit: 'ten' } }, status: 400, type: '/problems/validation', errors: ['/limit'] },
      { name: 'a limit out of range', request: { query: { limit: '101' } }, status: 400, type: '/problems/validation', errors: ['/limit'] },
      { name: 'an unknown query parameter', request: { query: { sort: 'asc' } }, status: 400, type: '/problems/validation', errors: ['/sort'] },
      { name: 'a malformed JSON body', request: { body: '{"a":' }, status: 400, type: '/problems/validation', errors: ['/'] },
      {
        name: 'a body over 64 KB or of another content type',
        request: { body: 'x'.repeat(64 * 1024 + 1), headers: { 'Content-Type': 'text/plain' } },
        status: 400,
        type: '/problems/validation',
        errors: ['/'],
      },
      { name: 'a request without claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
      {
        name: "another user's id",
        request: { path: '/v1/users/user-2/notifications', pathParameters: { id: 'user-2' } },
        status: 404,
        type: '/problems/not-found',
      },
    ])('refuses $name with $status', async ({ request, status, type, errors }) => {
      const result = await handler(listRequest(request), lambdaContext);

      const problem = expectProblem(result, status);
      expect(problem.type).toBe(type);
      if (errors) expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(errors);
      expect(ddb.calls()).toHaveLength(0);
    });
  });
});
