import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients';
import { ttlInDays } from '../shared/clock';
import { failedConditionIndexes, isTransactionCanceled } from '../shared/dynamo-errors';
import { tableName } from '../shared/env';
import { outboxPut } from '../shared/outbox';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/pagination';
import type { Order, Transition } from './orders';

/** An Idempotency-Key, scoped to the user who sent it. */
export interface OrderKey {
  userId: string;
  key: string;
}

export interface OrdersStore {
  /** Unit prices in cents of the given products; products that do not exist are absent. */
  pricesOf(productIds: readonly string[]): Promise<Map<string, number>>;
  getOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Writes a new order with its OrderPlaced event and, when the request carried a key, the key's
   * guard. Throws OrderKeyTakenError when that key already placed an order.
   */
  createOrder(placed: Transition<'OrderPlaced'>, key?: OrderKey): Promise<void>;
  /** The order a key placed, while the key's guard lives. */
  orderIdForKey(key: OrderKey): Promise<string | undefined>;
  /** Writes a transition if the stored order is still at `expectedVersion`; OrderChangedError if not. */
  saveTransition(transition: Transition, expectedVersion: number): Promise<void>;
  /** A user's orders, newest first. */
  listUserOrders(userId: string, page: PageQuery): Promise<Page<Order>>;
}

/** The stored order moved on since it was read: read it again and decide again. */
export class OrderChangedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} changed while it was being updated`);
    this.name = 'OrderChangedError';
  }
}

/** A previous request with the same Idempotency-Key already placed an order. */
export class OrderKeyTakenError extends Error {
  constructor() {
    super('This Idempotency-Key already placed an order');
    this.name = 'OrderKeyTakenError';
  }
}

const ORDER_SK = 'ORDER';
const orderPk = (orderId: string): string => `ORDER#${orderId}`;
const userOrdersPk = (userId: string): string => `USER#${userId}`;
/** Keys are hashed: they are client-chosen text of up to 255 characters, the hash is fixed-size and safe in a key. */
const orderKeyPk = ({ userId, key }: OrderKey): string =>
  `ORDERKEY#${userId}#${createHash('sha256').update(key, 'utf8').digest('hex')}`;
/** As long as Powertools keeps the key's response, so the two agree on when a key may be used again. */
const ORDER_KEY_TTL_DAYS = 1;
const LIST_KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

/** BatchGetItem may leave keys unprocessed under throttling; a few backed-off retries, then fail the request. */
const BATCH_GET_ATTEMPTS = 4;
const BATCH_GET_BASE_DELAY_MS = 25;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const toItem = (order: Order) => ({
  pk: orderPk(order.id),
  sk: ORDER_SK,
  gsi1pk: userOrdersPk(order.userId),
  gsi1sk: orderPk(order.id),
  kind: 'order',
  ...order,
});

/** The entity without the table's bookkeeping (keys, index keys, kind), which never leaves the store. */
const toOrder = (item: Record<string, unknown>): Order => {
  const order = item as unknown as Order;
  return {
    id: order.id,
    userId: order.userId,
    items: order.items.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })),
    totalCents: order.totalCents,
    status: order.status,
    ...(order.reason !== undefined ? { reason: order.reason } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    version: order.version,
  };
};

/** The cancellation code of one item of a cancelled transaction ('None' when that item was fine). */
const cancellationCodeAt = (error: unknown, index: number): string | undefined =>
  (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.[index]?.Code;

export interface DynamoOrdersStoreOptions {
  client?: DynamoDBDocumentClient;
  ordersTable?: string;
  productsTable?: string;
}

export const createDynamoOrdersStore = ({
  client = documentClient,
  ordersTable = tableName('orders'),
  productsTable: productsTableOption,
}: DynamoOrdersStoreOptions = {}): OrdersStore => {
  const readPrices = async (productIds: readonly string[]): Promise<Map<string, number>> => {
    // Resolved here, not at construction: only placeOrder reads prices, and only it is given the
    // products table (every other orders function must start without PRODUCTS_TABLE_NAME).
    const productsTable = productsTableOption ?? tableName('products');
    const prices = new Map<string, number>();
    let keys: Record<string, unknown>[] = productIds.map((id) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' }));
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`Prices unavailable: ${keys.length} product keys stayed unprocessed`);
      if (attempt > 0) await pause(BATCH_GET_BASE_DELAY_MS * 2 ** (attempt - 1));
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [productsTable]: {
              Keys: keys,
              ProjectionExpression: '#id, #price',
              ExpressionAttributeNames: { '#id': 'id', '#price': 'priceCents' },
            },
          },
        }),
      );
      for (const product of result.Responses?.[productsTable] ?? []) {
        if (typeof product.id === 'string' && Number.isInteger(product.priceCents)) prices.set(product.id, product.priceCents as number);
      }
      keys = (result.UnprocessedKeys?.[productsTable]?.Keys ?? []) as Record<string, unknown>[];
    }
    return prices;
  };

  // Strongly consistent: a client reads its order right after placing it, and the transition
  // loop re-reads after losing a race, where a stale read would only lose it again.
  const getOrder = async (orderId: string): Promise<Order | undefined> => {
    const result = await client.send(
      new GetCommand({ TableName: ordersTable, Key: { pk: orderPk(orderId), sk: ORDER_SK }, ConsistentRead: true }),
    );
    return result.Item ? toOrder(result.Item) : undefined;
  };

  const createOrder = async ({ order, event }: Transition<'OrderPlaced'>, key?: OrderKey): Promise<void> => {
    const orderPut = {
      Put: { TableName: ordersTable, Item: toItem(order), ConditionExpression: 'attribute_not_exists(pk)' },
    };
    // The guard makes "this key placed this order" part of the order's own transaction, so a retry
    // after a crash between this write and Powertools saving the response finds the order instead
    // of placing a second one. An expired guard that TTL has not deleted yet no longer counts.
    const guardPut = key && {
      Put: {
        TableName: ordersTable,
        Item: { pk: orderKeyPk(key), sk: 'GUARD', kind: 'order-key', orderId: order.id, expiresAt: ttlInDays(ORDER_KEY_TTL_DAYS) },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
      },
    };
    const items = guardPut ? [orderPut, guardPut, outboxPut(ordersTable, event)] : [orderPut, outboxPut(ordersTable, event)];
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (guardPut && failedConditionIndexes(error).includes(1)) throw new OrderKeyTakenError();
      throw error;
    }
  };

  const orderIdForKey = async (key: OrderKey): Promise<string | undefined> => {
    const result = await client.send(
      new GetCommand({ TableName: ordersTable, Key: { pk: orderKeyPk(key), sk: 'GUARD' }, ConsistentRead: true }),
    );
    return typeof result.Item?.orderId === 'string' ? result.Item.orderId : undefined;
  };

  const saveTransition = async ({ order, event }: Transition, expectedVersion: number): Promise<void> => {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ordersTable,
                Item: toItem(order),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            outboxPut(ordersTable, event),
          ],
        }),
      );
    } catch (error) {
      // A failed version condition, or another transaction on the order at the same moment (which
      // DynamoDB reports as TransactionConflict, not retried by the SDK), both mean "read again".
      const code = isTransactionCanceled(error) ? cancellationCodeAt(error, 0) : undefined;
      if (code === 'ConditionalCheckFailed' || code === 'TransactionConflict') throw new OrderChangedError(order.id);
      throw error;
    }
  };

  const listUserOrders = async (userId: string, { limit, cursor }: PageQuery): Promise<Page<Order>> => {
    // A cursor must come from this user's own listing.
    const startKey = decodeCursor(cursor, LIST_KEY_ATTRIBUTES, (key) => key.gsi1pk === userOrdersPk(userId));
    const result = await client.send(
      new QueryCommand({
        TableName: ordersTable,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :user',
        ExpressionAttributeValues: { ':user': userOrdersPk(userId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (result.Items ?? []).map(toOrder), nextCursor: encodeCursor(result.LastEvaluatedKey) };
  };

  return { pricesOf: readPrices, getOrder, createOrder, orderIdForKey, saveTransition, listUserOrders };
};
