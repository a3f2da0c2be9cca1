import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbExpiredConnections } from '../../../lambdas/live/expiry-store';
import { dynamoDbConnectionsStore } from '../../../lambdas/live/store';
import { connection, NOW_SECONDS } from './fakes';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const tables = { live: 'live-table' };
afterEach(() => ddb.reset());

const item = (id: string, expiresAt = NOW_SECONDS - 10) => ({ pk: `USER#u-${id}`, sk: `CONNECTION#${id}`, kind: 'connection', ...connection(`u-${id}`, id, expiresAt) });

describe('the connections in the awaiting index', () => {
  it('puts every new connection in the index, sorted by when its token expires', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await dynamoDbConnectionsStore(client, tables).add(connection('ada', 'c-1', NOW_SECONDS + 3600), 0);

    const [version, put] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // Only the connection is in the index: the user's version item is no connection to close.
    expect(version!.Update).not.toHaveProperty('UpdateExpression', expect.stringContaining('awaiting'));
    const { Item } = put!.Put!;
    expect(Item).toMatchObject({ pk: 'USER#ada', sk: 'CONNECTION#c-1', awaitingSince: new Date((NOW_SECONDS + 3600) * 1000).toISOString() });
    expect(Item!.awaitingPk).toMatch(/^CONNECTION-EXPIRY#[0-3]$/);
  });

  it('reads the expired ones shard by shard, page by page, up to now', async () => {
    ddb.on(QueryCommand).callsFake(({ ExpressionAttributeValues, ExclusiveStartKey }) => {
      const shard = String(ExpressionAttributeValues[':pk']);
      if (shard === 'CONNECTION-EXPIRY#0') return ExclusiveStartKey ? { Items: [item('b')] } : { Items: [item('a')], LastEvaluatedKey: { pk: 'USER#u-a', sk: 'CONNECTION#a' } };
      if (shard === 'CONNECTION-EXPIRY#2') return { Items: [item('c')] };
      return { Items: [] };
    });

    const pages: string[][] = [];
    for await (const page of dynamoDbExpiredConnections(client, tables).pages(NOW_SECONDS, 1)) pages.push(page.map((found) => found.connectionId));

    expect(pages).toEqual([['a'], ['b'], ['c']]);
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => query.ExpressionAttributeValues![':pk'])).toEqual(['CONNECTION-EXPIRY#0', 'CONNECTION-EXPIRY#0', 'CONNECTION-EXPIRY#1', 'CONNECTION-EXPIRY#2', 'CONNECTION-EXPIRY#3']);
    for (const query of queries) {
      expect(query).toMatchObject({ TableName: 'live-table', IndexName: 'awaiting', Limit: 1, KeyConditionExpression: '#pk = :pk AND #since <= :cutoff' });
      expect(query.ExpressionAttributeValues![':cutoff']).toBe(new Date(NOW_SECONDS * 1000).toISOString());
    }
    expect(queries[1]!.ExclusiveStartKey).toEqual({ pk: 'USER#u-a', sk: 'CONNECTION#a' });
  });

  it('reads no further page once the caller stops', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('a')], LastEvaluatedKey: { pk: 'USER#u-a', sk: 'CONNECTION#a' } });
    for await (const page of dynamoDbExpiredConnections(client, tables).pages(NOW_SECONDS, 1)) if (page.length > 0) break;
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it('forgets a connection by its key', async () => {
    ddb.on(DeleteCommand).resolves({});
    await dynamoDbExpiredConnections(client, tables).remove({ userId: 'ada', connectionId: 'c-1' });
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({ TableName: 'live-table', Key: { pk: 'USER#ada', sk: 'CONNECTION#c-1' } });
  });
});
