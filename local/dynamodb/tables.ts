/**
 * One table per service, with the key schema every table shares (docs/data-model.md): pk/sk,
 * the gsi1 index where the declaration asks for it, a NEW_IMAGE stream for the outbox relay
 * (tables with an outbox only) and TTL on expiresAt. Existing tables are kept, so a persistent run restarts with its data.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { hasOutbox, type OutboxOwner, type TableDeclaration, type TableOwner } from '../../lib/declaration';
import { ensureAwaitingIndex, withAwaitingIndex } from './awaiting-index';

export interface LocalTable {
  readonly service: TableOwner;
  readonly name: string;
  /**
   * The stream its relay reads.
   * @default - none: the table has no outbox
   */
  readonly streamArn?: string;
}

/** A table with an outbox: its stream feeds its relay. */
export interface OutboxTable extends LocalTable {
  readonly service: OutboxOwner;
  readonly streamArn: string;
}

/** The tables with an outbox, each with its stream. */
export const outboxTables = (tables: readonly LocalTable[]): OutboxTable[] => tables.filter((table): table is OutboxTable => table.streamArn !== undefined);

const TTL_ATTRIBUTE = 'expiresAt';

const tableDefinition = (name: string, declaration: TableDeclaration): CreateTableCommandInput => withAwaitingIndex(baseDefinition(name, declaration));

const baseDefinition = (name: string, declaration: TableDeclaration): CreateTableCommandInput => {
  const keys = declaration.gsi1 ? ['pk', 'sk', 'gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: declaration.gsi1
      ? [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]
      : undefined,
    StreamSpecification: hasOutbox(declaration) ? { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } : undefined,
  };
};

const ensureTable = async (client: DynamoDBClient, service: TableOwner, name: string, declaration: TableDeclaration): Promise<LocalTable> => {
  try {
    await client.send(new CreateTableCommand(tableDefinition(name, declaration)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await ensureAwaitingIndex(client, name);
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE } }));
  }
  // A table kept from a run before it declared `outbox: false` may still have a stream: nothing reads it.
  if (!hasOutbox(declaration)) return { service, name };
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${name} has no stream; delete the data directory to recreate it`);
  return { service, name, streamArn: Table.LatestStreamArn };
};

export const ensureTables = (
  client: DynamoDBClient,
  tables: Record<TableOwner, TableDeclaration>,
  nameOf: (service: TableOwner) => string,
): Promise<LocalTable[]> =>
  Promise.all((Object.entries(tables) as [TableOwner, TableDeclaration][]).map(([service, declaration]) => ensureTable(client, service, nameOf(service), declaration)));
