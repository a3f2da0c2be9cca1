import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { app } from '../../../../lib/app';
import { outboxOwners } from '../../../../lib/declaration';
import { ensureTables, outboxTables } from '../../../../local/dynamodb/tables';

const dynamodb = mockClient(DynamoDBClient);
afterEach(() => dynamodb.reset());

/** What ensureTables asks DynamoDB Local for, answered as a fresh database would. */
const createAll = async () => {
  dynamodb.on(CreateTableCommand).resolves({});
  dynamodb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED' } });
  dynamodb.on(UpdateTimeToLiveCommand).resolves({});
  dynamodb.on(DescribeTableCommand).callsFake(({ TableName }: { TableName: string }) => ({
    Table: { TableName, LatestStreamArn: `arn:aws:dynamodb:local:000000000000:table/${TableName}/stream/1`, GlobalSecondaryIndexes: [{ IndexName: 'awaiting', IndexStatus: 'ACTIVE' }] },
  }));
  return ensureTables(new DynamoDBClient({ region: 'local' }), app.tables, (service) => `${service}-local`);
};

describe('the local tables', () => {
  it('streams every table with an outbox, and not the live connections table', async () => {
    await createAll();
    const created = dynamodb.commandCalls(CreateTableCommand).map((call) => call.args[0].input);
    const streamed = created.filter((input) => input.StreamSpecification?.StreamEnabled).map((input) => input.TableName).sort();

    expect(created.map((input) => input.TableName).sort()).toEqual(Object.keys(app.tables).map((service) => `${service}-local`).sort());
    expect(streamed).toEqual(outboxOwners(app).map((service) => `${service}-local`).sort());
    expect(created.find((input) => input.TableName === 'live-local')?.StreamSpecification).toBeUndefined();
  });

  it('hands the stream pollers the tables with an outbox only, each with its stream', async () => {
    const tables = await createAll();
    const polled = outboxTables(tables);

    expect(polled.map((table) => table.service).sort()).toEqual([...outboxOwners(app)].sort());
    expect(tables.find((table) => table.service === 'live')?.streamArn).toBeUndefined();
    for (const table of polled) expect(table.streamArn).toContain(`table/${table.service}-local/stream`);
  });
});
