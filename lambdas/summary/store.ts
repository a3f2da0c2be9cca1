import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbNotificationsStore } from '../notifications/store';
import type { Order } from '../orders/orders';
import type { ServiceName } from '../shared/env';
import { dynamoDbUsersStore } from '../users/store';
import type { NotificationCount, SummaryStore } from './summary';

/** The three tables a summary reads, by service; it writes to none of them. */
export type SummaryTables = Readonly<Record<Extract<ServiceName, 'users' | 'orders' | 'notifications'>, string>>;

/**
 * The public attributes of an order, asked for by name so that the table's bookkeeping (keys,
 * index keys, kind) never leaves DynamoDB. The orders store's own mapper is private to it, and
 * that store cannot be built without the products table, which a summary must not touch.
 */
const ORDER_ATTRIBUTES = [
  'id', 'userId', 'items', 'totalCents', 'status', 'reason', 'createdAt', 'updatedAt', 'version',
] as const satisfies readonly (keyof Order)[];
// Fails to compile when Order gains a field this list does not ask for.
const everyOrderField: Record<Exclude<keyof Order, (typeof ORDER_ATTRIBUTES)[number]>, never> = {};
void everyOrderField;

/**
 * Counting reads every notification of the user, 1 MB per page, and pays for each: a few pages
 * cover thousands of notifications (which TTL expires after 180 days), and past them the total is
 * reported as a lower bound rather than making one request read without end. A counter item
 * updated in the same write as each notification would be the scalable choice (O(1) per read).
 */
export const MAX_COUNT_PAGES = 5;

/**
 * A summary's reads. The profile and the latest notifications go through their services' own
 * stores (their keys and mappers); orders and the count are queries of their own, read-only.
 */
export const dynamoDbSummaryStore = (client: DynamoDBDocumentClient, tables: SummaryTables): SummaryStore => {
  const users = dynamoDbUsersStore(client, tables.users);
  const notifications = dynamoDbNotificationsStore(client, tables.notifications);

  return {
    user: (userId) => users.get(userId),

    async recentOrders(userId, limit) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tables.orders,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :user',
          ExpressionAttributeValues: { ':user': `USER#${userId}` },
          // Order ids are ULIDs, so descending index sort keys are newest first.
          ScanIndexForward: false,
          Limit: limit,
          // Names, not the attributes themselves: `status` and `items` are DynamoDB reserved words.
          ProjectionExpression: ORDER_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(ORDER_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
        }),
      );
      return Items as Order[];
    },

    async latestNotifications(userId, limit) {
      const { items } = await notifications.listForUser(userId, { limit });
      return items;
    },

    async countNotifications(userId): Promise<NotificationCount> {
      let total = 0;
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < MAX_COUNT_PAGES; page += 1) {
        const { Count = 0, LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tables.notifications,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':prefix': 'NOTIFICATION#' },
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        );
        total += Count;
        if (!LastEvaluatedKey) return { total, exact: true };
        startKey = LastEvaluatedKey;
      }
      return { total, exact: false };
    },
  };
};
