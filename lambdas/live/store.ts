import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { awaitingAttributes } from '../shared/awaiting-index';
import type { StoreFactory } from '../shared/store';
import type { Connection } from './live';
import type { ConnectionsStore } from './ports';

/** The only place of the connections table's key layout: a user's partition, one item per connection. */
const CONNECTION_PREFIX = 'CONNECTION#';
const userKey = (userId: string) => `USER#${userId}`;
const connectionKey = ({ userId, connectionId }: Pick<Connection, 'userId' | 'connectionId'>) => ({
  pk: userKey(userId),
  sk: `${CONNECTION_PREFIX}${connectionId}`,
});

/** When a connection expires, as the awaiting index sorts it: each connection is in it until removed (see expiry-store.ts). */
export const expiryInstant = (expiresAtSeconds: number): string => new Date(expiresAtSeconds * 1000).toISOString();

/** The DynamoDB adapter for connections; `expiresAt` is the table's TTL attribute, set to the token's expiry. */
export const dynamoDbConnectionsStore: StoreFactory<ConnectionsStore, 'live'> = (client, { live: table }) => ({
  async add(connection) {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...connectionKey(connection),
          kind: 'connection',
          ...connection,
          ...awaitingAttributes('CONNECTION-EXPIRY', connection.connectionId, expiryInstant(connection.expiresAt)),
        },
      }),
    );
  },

  async listForUser(userId) {
    const connections: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    // A user has a handful of connections (the stage bounds them): one page, in practice.
    do {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': userKey(userId), ':prefix': CONNECTION_PREFIX },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const { userId: owner, connectionId, expiresAt, connectedAt } of Items) connections.push({ userId: owner, connectionId, expiresAt, connectedAt });
      startKey = LastEvaluatedKey;
    } while (startKey);
    return connections;
  },

  async remove(connection) {
    await client.send(new DeleteCommand({ TableName: table, Key: connectionKey(connection) }));
  },
});
