/**
 * The sparse `awaiting` index every table has in the stack (lib/constructs/service-table.ts):
 * created with a new table, and added to a table that a data directory kept from before it existed.
 */
import { DescribeTableCommand, UpdateTableCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AWAITING_INDEX, AWAITING_PK, AWAITING_SINCE } from '../../lambdas/shared/awaiting-index';
import { sleep } from '../events/sleep';

const keySchema = [
  { AttributeName: AWAITING_PK, KeyType: 'HASH' as const },
  { AttributeName: AWAITING_SINCE, KeyType: 'RANGE' as const },
];
const attributes = [
  { AttributeName: AWAITING_PK, AttributeType: 'S' as const },
  { AttributeName: AWAITING_SINCE, AttributeType: 'S' as const },
];

export const withAwaitingIndex = (definition: CreateTableCommandInput): CreateTableCommandInput => ({
  ...definition,
  AttributeDefinitions: [...(definition.AttributeDefinitions ?? []), ...attributes],
  GlobalSecondaryIndexes: [
    ...(definition.GlobalSecondaryIndexes ?? []),
    { IndexName: AWAITING_INDEX, KeySchema: keySchema, Projection: { ProjectionType: 'ALL' } },
  ],
});

/** How long an index added to a kept table may take to become ACTIVE (DynamoDB Local backfills at once). */
const INDEX_READY_MS = 30_000;

export const ensureAwaitingIndex = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const indexOf = async () =>
    (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === AWAITING_INDEX);
  if (await indexOf()) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      AttributeDefinitions: attributes,
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: AWAITING_INDEX, KeySchema: keySchema, Projection: { ProjectionType: 'ALL' } } }],
    }),
  );
  const deadline = Date.now() + INDEX_READY_MS;
  while ((await indexOf())?.IndexStatus !== 'ACTIVE') {
    if (Date.now() > deadline) throw new Error(`The ${AWAITING_INDEX} index of table ${tableName} did not become active in time`);
    await sleep(200);
  }
};
