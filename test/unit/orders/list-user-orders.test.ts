import { ORDERS_TABLE } from './env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/orders/handlers/list-user-orders';
import { encodeCursor } from '../../../lambdas/shared/pagination';
import { expectProblem, httpEvent, lambdaContext, type BadInput, type HttpEventOptions } from '../http-event';
import { anOrder, expectNothingWritten, storedOrder } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { orders } from '../../../lambdas/orders/contract';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'listUserOrders', orders.routes.listUserOrders);
const raw = mockClient(DynamoDBClient);

const listRequest = (options: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'GET',
    path: '/v1/users/user-1/orders',
    resource: '/v1/users/{id}/orders',
    pathParameters: { id: 'user-1' },
    claims: { sub: 'user-1' },
    ...options,
  });
const list = (event = listRequest()) => handler(event, lambdaContext);

const newer = anOrder({ id: '01JD0000000000000000000009' });
const older = anOrder({ id: '01JD0000000000000000000002', status: 'CANCELLED' });
const keyOf = (order: typeof newer) => {
  const { pk, sk, gsi1pk, gsi1sk } = storedOrder(order);
  return { pk, sk, gsi1pk, gsi1sk };
};

beforeEach(() => {
  ddb.reset();
  raw.reset();
});

describe('GET /v1/users/{id}/orders', () => {
  it("queries the user's orders on gsi1, newest first, one page at a time", async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedOrder(newer)] });

    await list(listRequest({ query: { limit: '5' } }));

    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: ORDERS_TABLE,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :user',
      ExpressionAttributeValues: { ':user': 'USER#user-1' },
      ScanIndexForward: false,
      Limit: 5,
      ExclusiveStartKey: undefined,
    });
  });

  it('answers the orders without bookkeeping, and a cursor to the next page', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedOrder(newer), storedOrder(older)], LastEvaluatedKey: keyOf(older) });

    const result = await list(listRequest({ query: { limit: '2' } }));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ items: [newer, older], nextCursor: encodeCursor(keyOf(older)) });
  });

  it('continues from the cursor it handed out, and says when there is no more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    const result = await list(listRequest({ query: { cursor: encodeCursor(keyOf(older))! } }));

    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ ExclusiveStartKey: keyOf(older), Limit: 20 });
    expect(JSON.parse(result.body)).toEqual({ items: [], nextCursor: null });
  });

  it("lets an admin list someone else's orders", async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedOrder(newer)] });

    const result = await list(listRequest({ claims: { sub: 'admin-1', 'cognito:groups': 'admin' } }));

    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({ ':user': 'USER#user-1' });
  });
});

describe('GET /v1/users/{id}/orders refuses bad input without writing anything', () => {
  const foreignCursor = encodeCursor(keyOf(anOrder({ userId: 'user-2' })))!;
  const cases: BadInput[] = [
    { name: 'missing claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
    { name: "another user's orders", request: { claims: { sub: 'user-2' } }, status: 404, type: '/problems/not-found' },
    { name: 'a limit of 0', request: { query: { limit: '0' } }, status: 400, type: '/problems/validation', errors: ['/limit'] },
    { name: 'a limit of 101', request: { query: { limit: '101' } }, status: 400, type: '/problems/validation', errors: ['/limit'] },
    { name: 'a limit that is not a number', request: { query: { limit: 'ten' } }, status: 400, type: '/problems/validation', errors: ['/limit'] },
    { name: 'an unknown query parameter', request: { query: { status: 'PENDING' } }, status: 400, type: '/problems/validation', errors: ['/status'] },
    { name: 'a cursor that is not one', request: { query: { cursor: 'not-a-cursor' } }, status: 400, type: '/problems/validation', errors: ['/cursor'] },
    {
      name: "a cursor from another user's list",
      request: { query: { cursor: foreignCursor } },
      status: 400,
      type: '/problems/validation',
      errors: ['/cursor'],
    },
    // DynamoDB answers an empty key attribute with a ValidationException: once a 500.
    ...(['gsi1sk', 'pk', 'sk'] as const).map((part) => ({
      name: `a cursor whose ${part} is empty`,
      request: { query: { cursor: encodeCursor({ ...keyOf(older), [part]: '' })! } },
      status: 400,
      type: '/problems/validation',
      errors: ['/cursor'],
    })),
    {
      name: 'a cursor whose table key is not its order',
      request: { query: { cursor: encodeCursor({ ...keyOf(older), pk: 'ORDER#01JD0000000000000000000003' })! } },
      status: 400,
      type: '/problems/validation',
      errors: ['/cursor'],
    },
  ];

  it.each(cases)('$name -> $status', async ({ request, status, type, errors }) => {
    ddb.on(QueryCommand).resolves({ Items: [storedOrder(newer)] });

    const problem = expectProblem(await list(listRequest(request)), status);

    expect(problem.type).toBe(type);
    if (errors) expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(errors);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expectNothingWritten(ddb, raw);
  });
});
