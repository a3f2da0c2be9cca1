import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreFactory } from '../shared/store';
import type { Order } from './orders';
import { toOrder } from './store';
import { ORDER_LIST_INDEX, userOrdersPk } from './table-keys';

/** What other services may read of orders: a user's most recent ones, read-only. */
export interface OrdersReader {
  /** Newest first, at most `limit`. */
  recentOrders(userId: string, limit: number): Promise<Order[]>;
}

/**
 * The public attributes of an order, asked for by name so that the table's bookkeeping (keys,
 * index keys, kind) never leaves DynamoDB.
 */
const ORDER_ATTRIBUTES = [
  'id', 'userId', 'items', 'totalCents', 'status', 'reason', 'createdAt', 'updatedAt', 'version',
] as const satisfies readonly (keyof Order)[];
// Fails to compile when Order gains a field this list does not ask for.
const everyOrderField: Record<Exclude<keyof Order, (typeof ORDER_ATTRIBUTES)[number]>, never> = {};
void everyOrderField;

export const ordersReader: StoreFactory<OrdersReader, 'orders'> = (client, { orders: table }) => ({
  async recentOrders(userId, limit) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: ORDER_LIST_INDEX,
        KeyConditionExpression: 'gsi1pk = :user',
        ExpressionAttributeValues: { ':user': userOrdersPk(userId) },
        // Order ids are ULIDs, so descending index sort keys are newest first.
        ScanIndexForward: false,
        Limit: limit,
        // Names, not the attributes themselves: `status` and `items` are DynamoDB reserved words.
        ProjectionExpression: ORDER_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(ORDER_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
      }),
    );
    return Items.map(toOrder);
  },
});
