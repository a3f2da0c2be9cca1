import { DeleteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { REQUEST_CONFLICT_RETRY, retryConflicts } from '../shared/conflict-retry';
import { isConditionalCheckFailure, lostVersionRace } from '../shared/dynamo-errors';
import { awaitingAttributes } from '../shared/awaiting-index';
import type { StoreFactory } from '../shared/store';
import type { Connection } from './live';
import { ConnectionsChangedError, type ConnectionsStore, type UserRateLimiter } from './ports';

/*
 * The only place of the connections table's key layout. A user's partition holds one item per
 * connection and one version item, which every connect advances in the same transaction as it
 * adds its connection: two connects that both counted the same connections cannot both succeed.
 * Budgets live in a partition of their own, so that reading a user's connections never pages
 * through minute counters that TTL has not removed yet.
 */
const CONNECTION_PREFIX = 'CONNECTION#';
const VERSION_SK = 'VERSION';
const userKey = (userId: string) => `USER#${userId}`;
const connectionKey = ({ userId, connectionId }: Pick<Connection, 'userId' | 'connectionId'>) => ({
  pk: userKey(userId),
  sk: `${CONNECTION_PREFIX}${connectionId}`,
});

/** When a connection expires, as the awaiting index sorts it: each connection is in it until removed (see expiry-store.ts). */
export const expiryInstant = (expiresAtSeconds: number): string => new Date(expiresAtSeconds * 1000).toISOString();

/** Fixed windows: a budget's item is the user's count for one minute, gone (TTL) a minute after it ends. */
const WINDOW_SECONDS = 60;
const budgetKey = (userId: string, budget: string, nowSeconds: number) => {
  const windowStart = nowSeconds - (nowSeconds % WINDOW_SECONDS);
  return { key: { pk: `${userKey(userId)}#BUDGETS`, sk: `${budget}#${windowStart}` }, expiresAt: windowStart + 2 * WINDOW_SECONDS };
};

/** The DynamoDB adapter for connections; `expiresAt` is the table's TTL attribute, set to the token's expiry. */
export const dynamoDbConnectionsStore: StoreFactory<ConnectionsStore, 'live'> = (client, { live: table }) => ({
  async add(connection, seenVersion) {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { pk: userKey(connection.userId), sk: VERSION_SK },
            UpdateExpression: 'SET #version = :next, expiresAt = :expiresAt, kind = :kind',
            ConditionExpression: seenVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :seen',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: {
              ':next': seenVersion + 1,
              // Outlives the user's connections so far: each connect's token expires after the earlier ones'.
              ':expiresAt': connection.expiresAt,
              ':kind': 'connections-version',
              ...(seenVersion === 0 ? {} : { ':seen': seenVersion }),
            },
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              ...connectionKey(connection),
              kind: 'connection',
              ...connection,
              ...awaitingAttributes('CONNECTION-EXPIRY', connection.connectionId, expiryInstant(connection.expiresAt)),
            },
          },
        },
      ],
    });
    try {
      await retryConflicts(() => client.send(command), REQUEST_CONFLICT_RETRY);
    } catch (error) {
      // Another connect of the user's was recorded since the count, or is being recorded: count again.
      if (lostVersionRace(error, 0)) throw new ConnectionsChangedError(connection.userId);
      throw error;
    }
  },

  async listForUser(userId) {
    const connections: Connection[] = [];
    let version = 0;
    let startKey: Record<string, unknown> | undefined;
    // A user has a handful of connections (the stage bounds them): one page, in practice.
    do {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': userKey(userId) }, ExclusiveStartKey: startKey }),
      );
      for (const item of Items) {
        if (item.sk === VERSION_SK) version = item.version;
        else if (String(item.sk).startsWith(CONNECTION_PREFIX)) {
          const { userId: owner, connectionId, expiresAt, connectedAt } = item;
          connections.push({ userId: owner, connectionId, expiresAt, connectedAt });
        }
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
    return { connections, version };
  },

  async remove(connection) {
    await client.send(new DeleteCommand({ TableName: table, Key: connectionKey(connection) }));
  },
});

/** Budgets as conditional counters: one UpdateItem per message, refused once the minute's limit is reached. */
export const dynamoDbUserRateLimiter: StoreFactory<UserRateLimiter, 'live'> = (client, { live: table }) => ({
  async take(userId, budget, limit, nowSeconds) {
    const { key, expiresAt } = budgetKey(userId, budget, nowSeconds);
    try {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'ADD taken :one SET expiresAt = :expiresAt, kind = :kind',
          ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
          ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt, ':kind': 'budget', ':limit': limit },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  },
});
