import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ttlInDays } from '../shared/clock';
import { failedConditionIndexes } from '../shared/dynamo-errors';
import { outboxPut } from '../shared/outbox';
import { decodeCursor, encodeCursor } from '../shared/pagination';
import type { StoreFactory } from '../shared/store';
import type { Notification } from './notifications';
import type { NotificationsStore } from './ports';

/** The only place of the notifications table's key layout: a user's partition, one item per causing event. */
export const NOTIFICATION_PREFIX = 'NOTIFICATION#';
/** Old notifications are of no use to anyone; TTL removes them at no write cost. */
const NOTIFICATION_TTL_DAYS = 180;

export const userKey = (userId: string) => `USER#${userId}`;

const notificationOf = (item: Record<string, unknown>): Notification => {
  const { id, userId, type, message, createdAt } = item as unknown as Notification;
  return { id, userId, type, message, createdAt };
};

/** A cursor must point into the caller's own notifications. */
const startKeyFor = (userId: string, cursor: string | undefined) =>
  decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === userKey(userId) && (key.sk ?? '').startsWith(NOTIFICATION_PREFIX));

/** The DynamoDB adapter for notifications: one item per (user, causing event), in the user's partition. */
export const dynamoDbNotificationsStore: StoreFactory<NotificationsStore, 'notifications'> = (client, { notifications: table }) => ({
  // The notification and its NotificationCreated event in one transaction (the outbox), so the
  // event goes out exactly when the notification exists. Two deliveries of one causing event race
  // only each other: the condition settles that, and a conflict is tried again by sqsConsumer.
  async save(notification, created) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: {
                  pk: userKey(notification.userId),
                  sk: `${NOTIFICATION_PREFIX}${notification.id}`,
                  kind: 'notification',
                  ...notification,
                  expiresAt: ttlInDays(NOTIFICATION_TTL_DAYS),
                },
                // SQS delivers at least once: the key is the event's id, so a redelivery finds its
                // notification already there, and neither it nor a second event is written.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            outboxPut(table, created),
          ],
        }),
      );
      return 'applied';
    } catch (error) {
      if (failedConditionIndexes(error).includes(0)) return 'duplicate';
      throw error;
    }
  },

  async listForUser(userId, { limit, cursor }) {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': userKey(userId), ':prefix': NOTIFICATION_PREFIX },
        // Event ids are ULIDs, so descending sort keys are newest first.
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKeyFor(userId, cursor),
      }),
    );
    return { items: Items.map(notificationOf), nextCursor: encodeCursor(LastEvaluatedKey) };
  },
});
