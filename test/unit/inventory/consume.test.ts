import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.PRODUCTS_TABLE_NAME = 'products-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { handler } from '../../../lambdas/inventory/handlers/consume';
import { lambdaContext } from '../http-event';
import { cancelled, conditionFailed, sentTransactions, throttled } from './dynamo';
import { CORRELATION_ID, orderCancelled, orderPlaced, sqsEvent } from './sqs-event';
import { enforceContractAccess } from '../declared-access';
import { products } from '../../../lambdas/products/contract';
import { CONSUMER_CONFLICT_RETRY, RETRY_SHARE_OF_INVOCATION } from '../../../lambdas/shared/consumer';
import { longestBackoffMs } from '../../../lambdas/shared/conflict-retry';

const TABLE = 'products-table';
const NOW = '2025-03-01T12:00:00.000Z';
const ORDER = 'order-1';
const reservationKey = { pk: `RESERVATION#${ORDER}`, sk: 'RESERVATION' };
const LINES = [
  { productId: 'p-1', quantity: 3 },
  { productId: 'p-2', quantity: 1 },
];

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'inventory', products.consumers.inventory);

const reservationItem = (status: string, items = LINES) => ({
  ...reservationKey,
  kind: 'reservation',
  orderId: ORDER,
  status,
  items,
  createdAt: '2025-03-01T11:00:00.000Z',
  updatedAt: '2025-03-01T11:00:00.000Z',
});

const takeStock = (productId: string, quantity: number) => ({
  Update: {
    TableName: TABLE,
    Key: { pk: `PRODUCT#${productId}`, sk: 'PRODUCT' },
    UpdateExpression: 'SET stock = stock - :q, version = version + :one, updatedAt = :now',
    ConditionExpression: 'attribute_exists(pk) AND stock >= :q',
    ExpressionAttributeValues: { ':q': quantity, ':one': 1, ':now': NOW },
  },
});

const giveBackStock = (productId: string, quantity: number) => ({
  Update: {
    TableName: TABLE,
    Key: { pk: `PRODUCT#${productId}`, sk: 'PRODUCT' },
    UpdateExpression: 'SET stock = stock + :q, version = version + :one, updatedAt = :now',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':q': quantity, ':one': 1, ':now': NOW },
  },
});

/** The outbox Put of an event this consumer emits, whatever its generated id. */
const outboxOf = (type: string, data: Record<string, unknown>) => ({
  Put: {
    TableName: TABLE,
    ConditionExpression: 'attribute_not_exists(pk)',
    Item: {
      pk: expect.stringMatching(/^OUTBOX#/),
      sk: 'EVENT',
      kind: 'outbox',
      type,
      awaitingPk: expect.stringMatching(/^OUTBOX#\d$/),
      awaitingSince: expect.any(String),
      expiresAt: expect.any(Number),
      event: {
        id: expect.any(String),
        type,
        version: 1,
        source: 'products',
        occurredAt: NOW,
        correlationId: CORRELATION_ID,
        subject: ORDER,
        data,
      },
    },
  },
});

const deliver = (...bodies: Parameters<typeof sqsEvent>) => handler(sqsEvent(...bodies), lambdaContext);

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date(NOW), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('OrderPlaced', () => {
  it('reserves every line, records the reservation and emits StockReserved in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    expect(sentTransactions(ddb)).toEqual([
      [
        takeStock('p-1', 3),
        takeStock('p-2', 1),
        {
          Put: {
            TableName: TABLE,
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: { ...reservationKey, kind: 'reservation', orderId: ORDER, status: 'RESERVED', items: LINES, createdAt: NOW, updatedAt: NOW },
          },
        },
        outboxOf('StockReserved', { orderId: ORDER, items: LINES }),
      ],
    ]);
    expect(ddb.calls()).toHaveLength(1);
  });

  it('takes a repeated product once, with the summed quantity', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await deliver(orderPlaced(ORDER, [{ productId: 'p-1', quantity: 1 }, { productId: 'p-1', quantity: 2 }]));

    const [items] = sentTransactions(ddb);
    expect(items?.filter((item) => item.Update)).toEqual([takeStock('p-1', 3)]);
  });

  it('records StockReservationFailed for the short line without touching any stock', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None', 'None')).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: 'PRODUCT#p-2' } });

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    const reason = 'Insufficient stock for product p-2';
    expect(sentTransactions(ddb)[1]).toEqual([
      {
        Put: {
          TableName: TABLE,
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            ...reservationKey,
            kind: 'reservation',
            orderId: ORDER,
            status: 'FAILED',
            items: LINES,
            productId: 'p-2',
            reason,
            createdAt: NOW,
            updatedAt: NOW,
          },
        },
      },
      outboxOf('StockReservationFailed', { orderId: ORDER, productId: 'p-2', reason }),
    ]);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: 'PRODUCT#p-2', sk: 'PRODUCT' }, ConsistentRead: true });
  });

  it('names an unknown product as the reason', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None')).resolves({});
    ddb.on(GetCommand).resolves({});

    await deliver(orderPlaced(ORDER, [{ productId: 'p-404', quantity: 1 }]));

    expect(sentTransactions(ddb)[1]?.[1]).toEqual(
      outboxOf('StockReservationFailed', { orderId: ORDER, productId: 'p-404', reason: 'Unknown product p-404' }),
    );
  });

  it('writes nothing and reports no failure when the same OrderPlaced arrives again', async () => {
    // The redelivery's lines fail too (their stock is already taken); the reservation's guard decides.
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: reservationItem('RESERVED') });

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    expect(sentTransactions(ddb)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('(a) reserves nothing and emits nothing for an order whose cancellation arrived first', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: reservationItem('CANCELLED', []) });

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    // The one transaction sent was refused as a whole: no stock taken, no event stored.
    expect(sentTransactions(ddb)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('writes no failure record when a concurrent delivery recorded the order first', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand, { Key: { pk: 'PRODUCT#p-1', sk: 'PRODUCT' } }).resolves({ Item: { pk: 'PRODUCT#p-1' } });
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: reservationItem('FAILED') });

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    expect(sentTransactions(ddb)).toHaveLength(2);
  });

  it('fails only the schema-invalid messages of a batch and processes the others', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const invalid = { ...orderPlaced('order-2', LINES), data: { orderId: 'order-2', userId: 'user-1', items: [] } };

    const response = await deliver(orderPlaced(ORDER, LINES), JSON.stringify(invalid), '{not json', orderPlaced('order-3', LINES));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }]);
    const reservedOrders = sentTransactions(ddb).map((items) => items.find((item) => item.Put?.Item?.kind === 'reservation')?.Put?.Item?.orderId);
    expect(reservedOrders.sort()).toEqual([ORDER, 'order-3']);
  });

  it('fails only the message whose transaction was throttled, so SQS retries it', async () => {
    ddb.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
      if (input.TransactItems?.some((item) => item.Put?.Item?.orderId === 'order-2')) throw throttled();
      return {};
    });

    const response = await deliver(orderPlaced(ORDER, LINES), orderPlaced('order-2', LINES));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    expect(sentTransactions(ddb)).toHaveLength(2);
    // A retryable failure is not a business outcome: no FAILED record, no second transaction.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('transaction conflicts', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tries a reservation that met a conflicting transaction again, and reserves when the conflict has passed', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None', 'None', 'None')).resolves({});

    const response = await deliver(orderPlaced(ORDER, LINES));

    expect(response.batchItemFailures).toEqual([]);
    const [first, second] = sentTransactions(ddb);
    expect(second).toEqual([takeStock('p-1', 3), takeStock('p-2', 1), expect.objectContaining({ Put: expect.objectContaining({ Item: expect.objectContaining({ status: 'RESERVED' }) }) }), outboxOf('StockReserved', { orderId: ORDER, items: LINES })]);
    expect(first?.slice(0, 2)).toEqual(second?.slice(0, 2));
  });

  it('hands the record back to SQS once its conflicts outlast the retries, and only that record', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    ddb.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
      if (input.TransactItems?.some((item) => item.Put?.Item?.orderId === 'order-2')) throw cancelled('TransactionConflict', 'None', 'None', 'None');
      return {};
    });

    const response = await deliver(orderPlaced(ORDER, LINES), orderPlaced('order-2', [{ productId: 'p-3', quantity: 1 }]));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    const attemptsOfOrder2 = sentTransactions(ddb).filter((items) => items.some((item) => item.Put?.Item?.orderId === 'order-2'));
    expect(attemptsOfOrder2).toHaveLength(CONSUMER_CONFLICT_RETRY.attempts);
    // Nothing was refused for want of stock: no FAILED record was read for or written.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('starts no back-off past its share of the invocation: with no time left the conflict goes straight back to SQS', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None', 'None'));

    const response = await handler(sqsEvent(orderPlaced(ORDER, LINES)), { ...lambdaContext, getRemainingTimeInMillis: () => 0 });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-0' }]);
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('bounds the back-offs well inside the function timeout', () => {
    const { timeoutSeconds } = products.consumers.inventory;
    // One record's back-offs fit in the invocation's retry share, which leaves a third of the
    // timeout for the attempts in progress; the share cuts a batch's retries whatever their number.
    expect(longestBackoffMs(CONSUMER_CONFLICT_RETRY)).toBeLessThan(timeoutSeconds * 1_000 * RETRY_SHARE_OF_INVOCATION);
    expect(RETRY_SHARE_OF_INVOCATION).toBeLessThanOrEqual(2 / 3);
  });

  it('reserves the records of one batch that share a product one after the other, in batch order, and the others concurrently', async () => {
    const inFlight = new Map<string, number>();
    const mostInFlight = new Map<string, number>();
    let overall = 0;
    let mostOverall = 0;
    const reservedInOrder: string[] = [];
    ddb.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
      const productIds = (input.TransactItems ?? []).flatMap((item) => (item.Update ? [String(item.Update.Key?.pk).replace('PRODUCT#', '')] : []));
      const orderId = input.TransactItems?.find((item) => item.Put?.Item?.kind === 'reservation')?.Put?.Item?.orderId as string;
      overall += 1;
      mostOverall = Math.max(mostOverall, overall);
      for (const id of productIds) {
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
        mostInFlight.set(id, Math.max(mostInFlight.get(id) ?? 0, inFlight.get(id)!));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (productIds.includes('hot')) reservedInOrder.push(orderId);
      for (const id of productIds) inFlight.set(id, inFlight.get(id)! - 1);
      overall -= 1;
      return {};
    });
    const hot = (orderId: string, extra: { productId: string; quantity: number }[] = []) => orderPlaced(orderId, [{ productId: 'hot', quantity: 1 }, ...extra]);

    const response = await deliver(
      hot('o-1'),
      orderPlaced('o-2', [{ productId: 'cold-1', quantity: 1 }]),
      hot('o-3', [{ productId: 'cold-2', quantity: 1 }]),
      orderPlaced('o-4', [{ productId: 'cold-2', quantity: 1 }]),
      hot('o-5'),
      orderPlaced('o-6', [{ productId: 'cold-3', quantity: 1 }]),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(mostInFlight.get('hot')).toBe(1);
    expect(mostInFlight.get('cold-2')).toBe(1);
    expect(reservedInOrder).toEqual(['o-1', 'o-3', 'o-5']);
    expect(mostOverall).toBeGreaterThan(1);
  });
});

describe('OrderCancelled', () => {
  it('(b) releases a RESERVED reservation: status, stock and StockReleased in one transaction', async () => {
    ddb.on(GetCommand, { Key: reservationKey }).resolves({ Item: reservationItem('RESERVED') });
    ddb.on(TransactWriteCommand).resolves({});

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({ TableName: TABLE, Key: reservationKey, ConsistentRead: true });
    expect(sentTransactions(ddb)).toEqual([
      [
        {
          Update: {
            TableName: TABLE,
            Key: reservationKey,
            UpdateExpression: 'SET #status = :released, updatedAt = :now',
            ConditionExpression: '#status = :reserved',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'RELEASED', ':reserved': 'RESERVED', ':now': NOW },
          },
        },
        giveBackStock('p-1', 3),
        giveBackStock('p-2', 1),
        outboxOf('StockReleased', { orderId: ORDER, items: LINES }),
      ],
    ]);
  });

  it('(a) leaves a CANCELLED tombstone, and emits nothing, when the order has no reservation yet', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TABLE,
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: { ...reservationKey, kind: 'reservation', orderId: ORDER, status: 'CANCELLED', items: [], createdAt: NOW, updatedAt: NOW },
      },
    ]);
    expect(sentTransactions(ddb)).toHaveLength(0);
  });

  it('releases the reservation when OrderPlaced landed between its read and its tombstone', async () => {
    ddb.on(GetCommand).resolvesOnce({}).resolves({ Item: reservationItem('RESERVED') });
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(TransactWriteCommand).resolves({});

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(sentTransactions(ddb)).toEqual([[expect.anything(), giveBackStock('p-1', 3), giveBackStock('p-2', 1), outboxOf('StockReleased', { orderId: ORDER, items: LINES })]]);
  });

  it('fails the message after a bounded number of lost races, so SQS retries it later', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(conditionFailed());

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-0' }]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
  });

  it.each(['RELEASED', 'CANCELLED', 'FAILED'])('(c) writes nothing for a reservation already %s', async (status) => {
    ddb.on(GetCommand).resolves({ Item: reservationItem(status) });

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand']);
  });

  it('(d) gives no stock back twice when a concurrent duplicate released first', async () => {
    ddb.on(GetCommand).resolves({ Item: reservationItem('RESERVED') });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    // The one release sent was refused as a whole, and nothing retried it.
    expect(sentTransactions(ddb)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('reads the reservation again and releases it when the release met a conflicting transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: reservationItem('RESERVED') });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None')).resolves({});

    const response = await deliver(orderCancelled(ORDER));

    expect(response.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(sentTransactions(ddb)).toHaveLength(2);
  });
});
