import { ORDERS_TABLE } from './env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/orders/handlers/consume';
import type { Order } from '../../../lambdas/orders/orders';
import { lambdaContext } from '../http-event';
import { anOrder, envelopeBody, expectNothingWritten, ORDER_ID, sentTransactions, sqsEvent, storedOrder, transactionCanceled } from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { orders } from '../../../lambdas/orders/contract';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'orders', orders.consumers.orders);
const raw = mockClient(DynamoDBClient);

const reserved = (orderId = ORDER_ID) =>
  envelopeBody('StockReserved', { orderId, items: [{ productId: 'p-1', quantity: 2 }] }, 'corr-order-1');
const failed = (orderId = ORDER_ID) =>
  envelopeBody('StockReservationFailed', { orderId, productId: 'p-1', reason: 'p-1 has 1 left, 2 wanted' }, 'corr-order-1');

const storedAs = (...orders: (Order | undefined)[]) => {
  const behaviour = ddb.on(GetCommand, { Key: { pk: `ORDER#${ORDER_ID}`, sk: 'ORDER' }, ConsistentRead: true });
  for (const order of orders) behaviour.resolvesOnce({ Item: order && storedOrder(order) });
};

const consume = (...bodies: string[]) =>
  handler(sqsEvent(...bodies.map((body, i) => ({ messageId: `msg-${i + 1}`, body }))), lambdaContext);

beforeEach(() => {
  ddb.reset();
  raw.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

describe('the orders consumer', () => {
  it('confirms a PENDING order on StockReserved: version-conditioned Put and OrderConfirmed, one transaction', async () => {
    storedAs(anOrder({ version: 1 }));

    const result = await consume(reserved());

    expect(result.batchItemFailures).toEqual([]);
    const [items] = sentTransactions(ddb);
    expect(items).toHaveLength(2);
    expect(items![0]!.Put).toEqual({
      TableName: ORDERS_TABLE,
      Item: { ...storedOrder(anOrder({ status: 'CONFIRMED', version: 2 })), updatedAt: expect.any(String) },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    });
    expect(items![1]!.Put).toMatchObject({
      TableName: ORDERS_TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        type: 'OrderConfirmed',
        event: { type: 'OrderConfirmed', source: 'orders', subject: ORDER_ID, correlationId: 'corr-order-1', data: { orderId: ORDER_ID, userId: 'user-1' } },
      },
    });
  });

  it('rejects a PENDING order on StockReservationFailed with the reason, emitting OrderRejected', async () => {
    storedAs(anOrder({ version: 1 }));

    const result = await consume(failed());

    expect(result.batchItemFailures).toEqual([]);
    const [items] = sentTransactions(ddb);
    expect(items![0]!.Put.Item).toMatchObject({ status: 'REJECTED', reason: 'p-1 has 1 left, 2 wanted', version: 2 });
    expect(items![0]!.Put.ExpressionAttributeValues).toEqual({ ':expected': 1 });
    expect(items![1]!.Put.Item.event).toMatchObject({
      type: 'OrderRejected',
      correlationId: 'corr-order-1',
      data: { orderId: ORDER_ID, userId: 'user-1', reason: 'p-1 has 1 left, 2 wanted' },
    });
  });

  it.each([
    ['a redelivered StockReserved for a CONFIRMED order', 'CONFIRMED', reserved],
    ['a redelivered StockReservationFailed for a REJECTED order', 'REJECTED', failed],
    ['StockReserved for a CANCELLED order', 'CANCELLED', reserved],
    ['StockReservationFailed for a CANCELLED order', 'CANCELLED', failed],
  ] as const)('writes nothing for %s', async (_name, status, body) => {
    storedAs(anOrder({ status, version: 2 }));

    const result = await consume(body());

    expect(result.batchItemFailures).toEqual([]);
    expectNothingWritten(ddb, raw);
  });

  it('decides again when a cancel won the race: the CANCELLED order is left alone', async () => {
    storedAs(anOrder({ status: 'PENDING', version: 1 }), anOrder({ status: 'CANCELLED', version: 2 }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None'));

    const result = await consume(reserved());

    expect(result.batchItemFailures).toEqual([]);
    expect(sentTransactions(ddb)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('fails a message about a missing order, so it is retried and ends on the dead-letter queue', async () => {
    storedAs(undefined);

    const result = await consume(reserved());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    expectNothingWritten(ddb, raw);
  });

  it('fails a schema-invalid message alone, and still handles the rest of the batch', async () => {
    storedAs(anOrder({ version: 1 }));
    const invalid = envelopeBody('StockReserved', { orderId: ORDER_ID, items: [] });

    const result = await consume(reserved(), invalid, 'not json at all');

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-2' }, { itemIdentifier: 'msg-3' }]);
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('fails exactly the one schema-invalid message of a batch', async () => {
    storedAs(anOrder({ version: 1 }));
    const invalid = envelopeBody('StockReservationFailed', { orderId: ORDER_ID, productId: 'p-1' });

    const result = await consume(invalid, reserved());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    expect(sentTransactions(ddb)[0]![0]!.Put.Item.status).toBe('CONFIRMED');
  });
});
