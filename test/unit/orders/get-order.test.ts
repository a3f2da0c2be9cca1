import { ORDERS_TABLE } from './env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/orders/handlers/get-order';
import { expectProblem, httpEvent, lambdaContext, type BadInput, type HttpEventOptions } from '../http-event';
import { anOrder, expectNothingWritten, ORDER_ID, storedOrder } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { orders } from '../../../lambdas/orders/contract';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'getOrder', orders.routes.getOrder);
const raw = mockClient(DynamoDBClient);

const getRequest = (options: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'GET',
    path: `/v1/orders/${ORDER_ID}`,
    resource: '/v1/orders/{id}',
    pathParameters: { id: ORDER_ID },
    claims: { sub: 'user-1' },
    ...options,
  });
const getOrder = (event = getRequest()) => handler(event, lambdaContext);

beforeEach(() => {
  ddb.reset();
  raw.reset();
});

describe('GET /v1/orders/{id}', () => {
  it('answers the owner with the order, without the table bookkeeping', async () => {
    const order = anOrder({ status: 'REJECTED', reason: 'p-1 is out of stock', version: 2 });
    ddb.on(GetCommand).resolves({ Item: storedOrder(order) });

    const result = await getOrder();

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual(order);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: ORDERS_TABLE,
      Key: { pk: `ORDER#${ORDER_ID}`, sk: 'ORDER' },
      ConsistentRead: true,
    });
  });

  it("answers an admin with someone else's order", async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder(anOrder({ userId: 'user-2' })) });

    const result = await getOrder(getRequest({ claims: { sub: 'admin-1', 'cognito:groups': '[ops, admin]' } }));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ id: ORDER_ID, userId: 'user-2' });
  });

  it("answers someone else's order exactly as a missing one", async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: storedOrder(anOrder({ userId: 'user-2' })) }).resolvesOnce({});

    const theirs = await getOrder();
    const missing = await getOrder();

    expectProblem(theirs, 404);
    expectProblem(missing, 404);
    expect(theirs.body).toBe(missing.body);
  });
});

describe('GET /v1/orders/{id} refuses bad input without writing anything', () => {
  const cases: BadInput[] = [
    { name: 'missing claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
    { name: "another user's order", request: { claims: { sub: 'user-2' } }, status: 404, type: '/problems/not-found' },
    { name: 'a missing path parameter', request: { pathParameters: {} }, status: 400, type: '/problems/validation', errors: ['/id'] },
  ];

  it.each(cases)('$name -> $status', async ({ request, status, type, errors }) => {
    ddb.on(GetCommand).resolves({ Item: storedOrder(anOrder()) });

    const problem = expectProblem(await getOrder(getRequest(request)), status);

    expect(problem.type).toBe(type);
    if (errors) expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(errors);
    expectNothingWritten(ddb, raw);
  });
});
