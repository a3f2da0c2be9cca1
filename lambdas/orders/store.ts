import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { awaitingAttributes, awaitingBefore } from '../shared/awaiting-index';
import { ttlInDays } from '../shared/clock';
import { REQUEST_CONFLICT_RETRY, retryConflicts } from '../shared/conflict-retry';
import { failedConditionIndexes, lostVersionRace } from '../shared/dynamo-errors';
import { outboxPut } from '../shared/outbox';
import { decodeCursor, encodeCursor } from '../shared/pagination';
import type { StoreFactory } from '../shared/store';
import type { OrderPlaced } from './events';
import type { Order, Transition } from './orders';
import { OrderChangedError, OrderKeyTakenError, type OrderKey, type OrdersStore } from './ports';
import { ORDER_LIST_INDEX, orderKey, userOrdersPk } from './table-keys';

/** Keys are hashed: they are client-chosen text of up to 255 characters, the hash is fixed-size and safe in a key. */
const orderKeyPk = ({ userId, key }: OrderKey): string =>
  `ORDERKEY#${userId}#${createHash('sha256').update(key, 'utf8').digest('hex')}`;
/** As long as Powertools keeps the key's response, so the two agree on when a key may be used again. */
const ORDER_KEY_TTL_DAYS = 1;
const LIST_KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

/**
 * A PENDING order is in the awaiting index (from its creation, with the correlation id of the
 * request that placed it) so that the deadline job finds it; writing any other status drops it.
 */
const toItem = (order: Order, correlationId?: string) => ({
  ...orderKey(order.id),
  gsi1pk: userOrdersPk(order.userId),
  gsi1sk: orderKey(order.id).pk,
  kind: 'order',
  ...(order.status === 'PENDING' ? { ...awaitingAttributes('PENDING-ORDER', order.id, order.createdAt), ...(correlationId ? { correlationId } : {}) } : {}),
  ...order,
});

/** The entity without the table's bookkeeping (keys, index keys, kind), which never leaves the store. */
export const toOrder = (item: Record<string, unknown>): Order => {
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

export const dynamoOrdersStore: StoreFactory<OrdersStore, 'orders'> = (client, { orders: ordersTable }) => {
  // Strongly consistent: a client reads its order right after placing it, and the transition
  // loop re-reads after losing a race, where a stale read would only lose it again.
  const getOrder = async (orderId: string): Promise<Order | undefined> => {
    const result = await client.send(
      new GetCommand({ TableName: ordersTable, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return result.Item ? toOrder(result.Item) : undefined;
  };

  const createOrder = async ({ order, event }: Transition<typeof OrderPlaced>, key?: OrderKey): Promise<void> => {
    const orderPut = {
      Put: { TableName: ordersTable, Item: toItem(order, event.correlationId), ConditionExpression: 'attribute_not_exists(pk)' },
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
    // Not exposed to transaction conflicts: the order and outbox items are new (fresh ids), and the
    // key's guard is shared only by requests with the same Idempotency-Key, which Powertools lets
    // through one at a time (the others get 409 while one is in progress).
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

  /**
   * Exposed to transaction conflicts: the stock consumer, the owner (cancel) and the deadline job
   * may write one order at the same moment. A conflict is tried again shortly (the other write
   * finishes within milliseconds) so that the version condition decides; one that outlasts the
   * retries, like a failed condition, means "read again" (updateOrder).
   */
  const saveTransition = async ({ order, event }: Transition, expectedVersion: number): Promise<void> => {
    const command = new TransactWriteCommand({
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
    });
    try {
      await retryConflicts(() => client.send(command), REQUEST_CONFLICT_RETRY);
    } catch (error) {
      // Another write of the order came first: read it again.
      if (lostVersionRace(error, 0)) throw new OrderChangedError(order.id);
      throw error;
    }
  };

  const listUserOrders: OrdersStore['listUserOrders'] = async (userId, { limit, cursor }) => {
    // A cursor must come from this user's own listing, and name an order item: its table key is its index sort key's.
    const startKey = decodeCursor(
      cursor,
      LIST_KEY_ATTRIBUTES,
      ({ pk, sk, gsi1pk, gsi1sk }) => gsi1pk === userOrdersPk(userId) && pk === gsi1sk && sk === orderKey('').sk && pk!.startsWith(orderKey('').pk),
    );
    const result = await client.send(
      new QueryCommand({
        TableName: ordersTable,
        IndexName: ORDER_LIST_INDEX,
        KeyConditionExpression: 'gsi1pk = :user',
        ExpressionAttributeValues: { ':user': userOrdersPk(userId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (result.Items ?? []).map(toOrder), nextCursor: encodeCursor(result.LastEvaluatedKey) };
  };

  const pendingSince: OrdersStore['pendingSince'] = async (cutoff, limit) =>
    (await awaitingBefore(client, ordersTable, 'PENDING-ORDER', cutoff, limit)).map((item) => ({
      orderId: item.id as string,
      // Written with every PENDING order; an item without one (written by an older version) starts its own trail.
      correlationId: typeof item.correlationId === 'string' ? item.correlationId : `deadline-${String(item.id)}`,
    }));

  return { getOrder, createOrder, orderIdForKey, saveTransition, pendingSince, listUserOrders };
};
