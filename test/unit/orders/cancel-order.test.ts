import { ORDERS_TABLE } from './env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/orders/handlers/cancel-order';
import type { Order } from '../../../lambdas/orders/orders';
import { expectProblem, httpEvent, lambdaContext, type BadInput, type HttpEventOptions } from '../http-event';
import { anOrder, expectNothingWritten, INTERNAL_ATTRIBUTES, ORDER_ID, sentTransactions, storedOrder, transactionCanceled } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { orders } from '../../../lambdas/orders/contract';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'cancelOrder', orders.routes.cancelOrder);
const raw = mockClient(DynamoDBClient);

const cancelRequest = (options: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'POST',
    path: `/v1/orders/${ORDER_ID}/cancel`,
    resource: '/v1/orders/{id}/cancel',
    pathParameters: { id: ORDER_ID },
    claims: { sub: 'user-1' },
    ...options,
    headers: { 'x-correlation-id': 'corr-cancel-001', ...options.headers },
  });
const cancel = (event = cancelRequest()) => handler(event, lambdaContext);

/** What consecutive strongly consistent reads of the order return. */
const storedAs = (...orders: (Order | undefined)[]) => {
  const behaviour = ddb.on(GetCommand, { TableName: ORDERS_TABLE, Key: { pk: `ORDER#${ORDER_ID}`, sk: 'ORDER' }, ConsistentRead: true });
  for (const order of orders) behaviour.resolvesOnce({ Item: order && storedOrder(order) });
};

beforeEach(() => {
  ddb.reset();
  raw.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

describe('POST /v1/orders/{id}/cancel', () => {
  it.each(['PENDING', 'CONFIRMED'] as const)('cancels a %s order and answers 200 with it, CANCELLED', async (status) => {
    storedAs(anOrder({ status, version: 3 }));

    const result = await cancel();

    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: ORDER_ID, status: 'CANCELLED', version: 4 });
    for (const attribute of INTERNAL_ATTRIBUTES) expect(body).not.toHaveProperty(attribute);
  });

  it.each(['PENDING', 'CONFIRMED'] as const)('writes the %s order on condition of its version, with OrderCancelled, in one transaction', async (status) => {
    storedAs(anOrder({ status, version: 3 }));

    await cancel();

    const [items] = sentTransactions(ddb);
    expect(items).toHaveLength(2);
    expect(items![0]!.Put).toEqual({
      TableName: ORDERS_TABLE,
      Item: { ...storedOrder(anOrder({ status: 'CANCELLED', version: 4 })), updatedAt: expect.any(String) },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
    expect(items![1]!.Put).toMatchObject({
      TableName: ORDERS_TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        type: 'OrderCancelled',
        event: {
          type: 'OrderCancelled',
          subject: ORDER_ID,
          correlationId: 'corr-cancel-001',
          data: { orderId: ORDER_ID, userId: 'user-1', previousStatus: status },
        },
      },
    });
  });

  it.each(['REJECTED', 'CANCELLED'] as const)('refuses to cancel a %s order with 409, writing nothing', async (status) => {
    storedAs(anOrder({ status }));

    const problem = expectProblem(await cancel(), 409);

    expect(problem.type).toBe('/problems/conflict');
    expectNothingWritten(ddb, raw);
  });

  it('re-reads and cancels again when the order was confirmed meanwhile', async () => {
    storedAs(anOrder({ status: 'PENDING', version: 1 }), anOrder({ status: 'CONFIRMED', version: 2 }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None')).resolves({});

    const result = await cancel();

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'CANCELLED', version: 3 });
    const transactions = sentTransactions(ddb);
    expect(transactions.map((items) => items[0]!.Put.ExpressionAttributeValues)).toEqual([{ ':expected': 1 }, { ':expected': 2 }]);
    expect(transactions[1]![1]!.Put.Item.event.data.previousStatus).toBe('CONFIRMED');
  });

  it('re-reads after a TransactionConflict with the consumer writing the same order', async () => {
    storedAs(anOrder({ version: 1 }), anOrder({ version: 1 }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('TransactionConflict', 'None')).resolves({});

    expect((await cancel()).statusCode).toBe(200);
    expect(sentTransactions(ddb)).toHaveLength(2);
  });

  it('answers 409 when the order was rejected meanwhile: the race resolves by the state machine', async () => {
    storedAs(anOrder({ status: 'PENDING', version: 1 }), anOrder({ status: 'REJECTED', version: 2, reason: 'no stock' }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None'));

    expect(expectProblem(await cancel(), 409).type).toBe('/problems/conflict');
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('stops after a bounded number of lost races with 409', async () => {
    storedAs(anOrder(), anOrder(), anOrder(), anOrder());
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

    expectProblem(await cancel(), 409);

    expect(sentTransactions(ddb)).toHaveLength(3);
  });

  it('does not retry an outbox collision or any other failure as a race', async () => {
    storedAs(anOrder());
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed'));

    expectProblem(await cancel(), 500);

    expect(sentTransactions(ddb)).toHaveLength(1);
  });
});

describe('POST /v1/orders/{id}/cancel refuses bad input without writing anything', () => {
  const missing = { title: 'Not Found', status: 404, detail: 'Order was not found.', type: '/problems/not-found' };
  const cases: (BadInput & { stored?: Order })[] = [
    { name: 'a body', request: { body: { reason: 'changed my mind' } }, status: 400, type: '/problems/validation', errors: ['/'], stored: anOrder() },
    { name: 'missing claims', request: { claims: null }, status: 401, type: '/problems/unauthorized', stored: anOrder() },
    { name: "another user's order", request: { claims: { sub: 'user-2' } }, status: 404, type: '/problems/not-found', stored: anOrder() },
    { name: 'an order that does not exist', request: {}, status: 404, type: '/problems/not-found' },
    {
      name: "an admin cancelling someone else's order",
      request: { claims: { sub: 'admin-1', 'cognito:groups': 'admin' } },
      status: 403,
      type: '/problems/forbidden',
      stored: anOrder(),
    },
  ];

  it.each(cases)('$name -> $status', async ({ request, status, type, errors, stored }) => {
    storedAs(stored);

    const problem = expectProblem(await cancel(cancelRequest(request)), status);

    expect(problem.type).toBe(type);
    if (errors) expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(errors);
    if (status === 404) expect(problem).toEqual(missing);
    expectNothingWritten(ddb, raw);
  });
});
