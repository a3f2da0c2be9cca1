import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreFactory } from '../shared/store';
import type { Notification } from './notifications';
import type { NotificationCount } from './ports';
import { dynamoDbNotificationsStore, NOTIFICATION_PREFIX, userKey } from './store';

/** What other services may read of notifications: a user's latest ones and how many there are, read-only. */
export interface NotificationsReader {
  /** Newest first, at most `limit`. */
  latest(userId: string, limit: number): Promise<Notification[]>;
  count(userId: string): Promise<NotificationCount>;
}

/**
 * Counting reads every notification of the user, 1 MB per page, and pays for each: a few pages
 * cover thousands of notifications (which TTL expires after 180 days), and past them the total is
 * reported as a lower bound rather than making one request read without end. A counter item
 * updated in the same write as each notification would be the scalable choice (O(1) per read).
 */
export const MAX_COUNT_PAGES = 5;

export const notificationsReader: StoreFactory<NotificationsReader, 'notifications'> = (client, tables) => {
  const store = dynamoDbNotificationsStore(client, tables);
  return {
    async latest(userId, limit) {
      return (await store.listForUser(userId, { limit })).items;
    },

    async count(userId) {
      let total = 0;
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < MAX_COUNT_PAGES; page += 1) {
        const { Count = 0, LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tables.notifications,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': userKey(userId), ':prefix': NOTIFICATION_PREFIX },
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
