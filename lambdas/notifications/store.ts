import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ttlInDays } from '../shared/clock';
import { isConditionalCheckFailure } from '../shared/dynamo-errors';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/pagination';
import type { Notification } from './notifications';

/** Whether a save wrote the notification, or found it already written by an earlier delivery. */
export type SaveOutcome = 'applied' | 'duplicate';

export interface NotificationsStore {
  save(notification: Notification): Promise<SaveOutcome>;
  /** Newest first. */
  listForUser(userId: string, page: PageQuery): Promise<Page<Notification>>;
}

const NOTIFICATION_PREFIX = 'NOTIFICATION#';
/** Old notifications are of no use to anyone; TTL removes them at no write cost. */
const NOTIFICATION_TTL_DAYS = 180;

const userKey = (userId: string) => `USER#${userId}`;

const notificationOf = (item: Record<string, unknown>): Notification => {
  const { id, userId, type, message, createdAt } = item as unknown as Notification;
  return { id, userId, type, message, createdAt };
};

/** A cursor must point into the caller's own notifications. */
const startKeyFor = (userId: string, cursor: string | undefined) =>
  decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === userKey(userId) && (key.sk ?? '').startsWith(NOTIFICATION_PREFIX));

/** The DynamoDB adapter for notifications: one item per (user, causing event), in the user's partition. */
export const dynamoDbNotificationsStore = (client: DynamoDBDocumentClient, table: string): NotificationsStore => ({
  async save(notification) {
    try {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: userKey(notification.userId),
            sk: `${NOTIFICATION_PREFIX}${notification.id}`,
            kind: 'notification',
            ...notification,
            expiresAt: ttlInDays(NOTIFICATION_TTL_DAYS),
          },
          // SQS delivers at least once: the key is the event's id, so a redelivery finds its
          // notification already there and leaves it untouched.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'applied';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'duplicate';
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
