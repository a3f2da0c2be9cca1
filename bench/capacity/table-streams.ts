/**
 * Reads what was written to the tables since the last read, from their streams, as the relays'
 * event source mappings do (the records in Lambda's shape, the relay's filter applied).
 */
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { FilterPattern } from '../../lib/declaration';
import type { OutboxTable } from '../../local/dynamodb/tables';
import { matchesPattern } from '../../local/events/filter-pattern';
import { toLambdaRecord } from '../../local/events/stream-records';

export class TableStreams {
  /** The last record read from each shard: the next read starts after it. */
  private readonly lastRead = new Map<string, string>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly tables: readonly OutboxTable[],
    private readonly filter: FilterPattern,
  ) {}

  /**
   * A fresh iterator on every read: DynamoDB Local answers an iterator taken on an empty shard
   * with TrimmedDataAccessException once records arrive.
   */
  private async iteratorFor(streamArn: string, shardId: string): Promise<string | undefined> {
    const after = this.lastRead.get(shardId);
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand(
        after
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
      ),
    );
    return ShardIterator;
  }

  /** Every record written since the last call, per table, that the relay's filter lets through. */
  async readNew(): Promise<Map<OutboxTable, DynamoDBRecord[]>> {
    const found = new Map<OutboxTable, DynamoDBRecord[]>();
    for (const table of this.tables) {
      const records: DynamoDBRecord[] = [];
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: table.streamArn }));
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId!;
        let iterator = await this.iteratorFor(table.streamArn, shardId);
        // A bounded read: a shard holds what this run wrote, a few records per request.
        for (let page = 0; iterator && page < 1_000; page += 1) {
          const { Records = [], NextShardIterator } = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          for (const record of Records) {
            records.push(toLambdaRecord(record, table.streamArn));
            if (record.dynamodb?.SequenceNumber) this.lastRead.set(shardId, record.dynamodb.SequenceNumber);
          }
          if (Records.length === 0) break;
          iterator = NextShardIterator;
        }
      }
      const relayed = records.filter((record) => matchesPattern(this.filter, record));
      if (relayed.length > 0) found.set(table, relayed);
    }
    return found;
  }
}
