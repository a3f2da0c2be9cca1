import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StockReleased, StockReservationFailed, StockReserved } from '../../../lambdas/products/events';
import { createEvent } from '../../../lambdas/shared/events/envelope';
import type { Reservation } from '../../../lambdas/inventory/inventory';
import { dynamoInventoryStore } from '../../../lambdas/inventory/store';
import { cancelled, conditionFailed, throttled } from './dynamo';

const ddb = mockClient(DynamoDBDocumentClient);
const store = dynamoInventoryStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), { products: 'products-table' });
const context = 'corr-1';
const reservation: Reservation = {
  orderId: 'order-1',
  status: 'RESERVED',
  items: [{ productId: 'p-1', quantity: 2 }],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const reserved = createEvent(StockReserved, 'order-1', { orderId: 'order-1', items: [...reservation.items] }, context);
const released = createEvent(StockReleased, 'order-1', { orderId: 'order-1', items: [...reservation.items] }, context);
const failed = createEvent(StockReservationFailed, 'order-1', { orderId: 'order-1', productId: 'p-1', reason: 'x' }, context);

beforeEach(() => {
  ddb.reset();
});

describe('dynamoInventoryStore', () => {
  it('returns a reservation without the table attributes', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'RESERVATION#order-1', sk: 'RESERVATION', kind: 'reservation', ...reservation } });

    await expect(store.getReservation('order-1')).resolves.toEqual(reservation);
  });

  it('reports an existing reservation before any refused line', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));

    await expect(store.reserve(reservation, reserved)).resolves.toEqual({ kind: 'already-recorded' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('rethrows a cancellation in which no condition failed', async () => {
    const error = cancelled('None', 'TransactionConflict', 'None');
    ddb.on(TransactWriteCommand).rejects(error);

    await expect(store.reserve(reservation, reserved)).rejects.toBe(error);
  });

  it('rethrows an error that is not a cancellation', async () => {
    const error = throttled();
    ddb.on(TransactWriteCommand).rejects(error);

    await expect(store.recordFailure({ ...reservation, status: 'FAILED' }, failed)).rejects.toBe(error);
  });

  it('refuses to call a failed outbox guard an existing record', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));

    await expect(store.recordFailure({ ...reservation, status: 'FAILED' }, failed)).rejects.toThrow(/item 1/);
  });

  it('throws when a product of a reservation being released has disappeared', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));

    await expect(store.release({ ...reservation, status: 'RELEASED' }, released)).rejects.toThrow(/missing/);
  });

  it('reports a tombstone that found a record already there', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());

    await expect(store.recordCancellation({ ...reservation, status: 'CANCELLED', items: [] })).resolves.toBe('already-recorded');
  });

  it('rethrows a tombstone write that failed for another reason', async () => {
    const error = throttled();
    ddb.on(PutCommand).rejects(error);

    await expect(store.recordCancellation({ ...reservation, status: 'CANCELLED', items: [] })).rejects.toBe(error);
  });
});
