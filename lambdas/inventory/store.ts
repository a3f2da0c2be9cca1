import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { failedConditionIndexes, isConditionalCheckFailure } from '../shared/dynamo-errors';
import { outboxPut } from '../shared/outbox';
import type { StoreFactory } from '../shared/store';
import { productKey } from '../products/table-keys';
import type { Reservation, ReservationStatus, ReservedLine, ReserveResult } from './inventory';
import type { InventoryStore, RecordResult } from './ports';

const reservationKey = (orderId: string) => ({ pk: `RESERVATION#${orderId}`, sk: 'RESERVATION' });

const toItem = (reservation: Reservation) => ({ ...reservationKey(reservation.orderId), kind: 'reservation', ...reservation });

const toReservation = (item: Record<string, unknown>): Reservation => ({
  orderId: item.orderId as string,
  status: item.status as ReservationStatus,
  items: (item.items as ReservedLine[] | undefined) ?? [],
  ...(typeof item.productId === 'string' ? { productId: item.productId } : {}),
  ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

/** Creates the record only if the order has none: the one guard against redelivery and reordering. */
const putReservation = (tableName: string, reservation: Reservation) => ({
  Put: { TableName: tableName, Item: toItem(reservation), ConditionExpression: 'attribute_not_exists(pk)' },
});

/**
 * Moves one line's stock. `attribute_exists(pk)` stops an update from creating a stray product
 * for an unknown id; when taking stock, `stock >= :q` keeps it from ever going negative,
 * whatever runs concurrently.
 */
const adjustStock = (tableName: string, line: ReservedLine, direction: 'take' | 'give-back', now: string) => ({
  Update: {
    TableName: tableName,
    Key: productKey(line.productId),
    UpdateExpression: `SET stock = stock ${direction === 'take' ? '-' : '+'} :q, version = version + :one, updatedAt = :now`,
    ConditionExpression: direction === 'take' ? 'attribute_exists(pk) AND stock >= :q' : 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':q': line.quantity, ':one': 1, ':now': now },
  },
});

/**
 * Runs a transaction and returns the indexes of the items whose condition failed (none when it
 * went through). Any other failure is thrown: a conflict with a concurrent transaction (a hot
 * product's stock) is tried again by the consumer (sqsConsumer), anything else (throttling) is
 * handed back to SQS.
 */
const transact = async (
  client: DynamoDBDocumentClient,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
): Promise<number[]> => {
  try {
    await client.send(new TransactWriteCommand({ TransactItems: items }));
    return [];
  } catch (error) {
    const failed = failedConditionIndexes(error);
    if (failed.length === 0) throw error;
    return failed;
  }
};

export const dynamoInventoryStore: StoreFactory<InventoryStore, 'products'> = (client, { products: tableName }) => {
  const productExists = async (productId: string): Promise<boolean> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: productKey(productId), ProjectionExpression: 'pk', ConsistentRead: true }),
    );
    return Item !== undefined;
  };

  return {
    async getReservation(orderId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: reservationKey(orderId), ConsistentRead: true }));
      return Item ? toReservation(Item) : undefined;
    },

    async reserve(reservation, event): Promise<ReserveResult> {
      const { items, updatedAt } = reservation;
      const guardIndex = items.length;
      const failed = await transact(client, [
        ...items.map((line) => adjustStock(tableName, line, 'take', updatedAt)),
        putReservation(tableName, reservation),
        outboxPut(tableName, event),
      ]);
      if (failed.length === 0) return { kind: 'reserved' };
      // Checked first: a redelivered order also fails its lines (its stock is already taken).
      if (failed.includes(guardIndex)) return { kind: 'already-recorded' };
      const line = items[failed[0]!];
      if (!line) throw new Error(`Unexpected condition failure at transaction item ${failed[0]}`);
      // Only for the reason's wording: the decision (refuse the order) does not depend on this read.
      const cause = (await productExists(line.productId)) ? 'insufficient-stock' : 'unknown-product';
      return { kind: 'refused', productId: line.productId, cause };
    },

    async recordFailure(reservation, event): Promise<RecordResult> {
      const failed = await transact(client, [putReservation(tableName, reservation), outboxPut(tableName, event)]);
      if (failed.length === 0) return 'written';
      if (failed.includes(0)) return 'already-recorded';
      throw new Error(`Unexpected condition failure at transaction item ${failed[0]}`);
    },

    async release(reservation, event): Promise<RecordResult> {
      const { items, updatedAt } = reservation;
      const failed = await transact(client, [
        {
          Update: {
            TableName: tableName,
            Key: reservationKey(reservation.orderId),
            UpdateExpression: 'SET #status = :released, updatedAt = :now',
            ConditionExpression: '#status = :reserved',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'RELEASED', ':reserved': 'RESERVED', ':now': updatedAt },
          },
        },
        ...items.map((line) => adjustStock(tableName, line, 'give-back', updatedAt)),
        outboxPut(tableName, event),
      ]);
      if (failed.length === 0) return 'written';
      if (failed.includes(0)) return 'already-recorded';
      throw new Error(`Unexpected condition failure at transaction item ${failed[0]}: a reserved product is missing`);
    },

    // A single-item write: refused (TransactionConflictException) while a reservation of the same
    // order is in flight; the consumer tries it again, and the condition then decides.
    async recordCancellation(reservation): Promise<RecordResult> {
      try {
        await client.send(new PutCommand(putReservation(tableName, reservation).Put));
        return 'written';
      } catch (error) {
        if (isConditionalCheckFailure(error)) return 'already-recorded';
        throw error;
      }
    },
  };
};
