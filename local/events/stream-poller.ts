/**
 * Lambda's event source mapping for one table's DynamoDB stream, feeding the table's relay:
 *
 * - every shard, parents before children, from TRIM_HORIZON (or after the saved checkpoint);
 * - the relay's filter pattern applied before batching (records it drops still advance the shard);
 * - batches of up to batchSize, after at most maxBatchingWindowSeconds;
 * - a partial batch response retries from the first failed record; a function error bisects the
 *   batch, then retries up to retryAttempts times; records past maxRecordAgeSeconds or out of
 *   retries are described on the relay's on-failure queue and the shard moves on.
 */
import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import type { RelayDeclaration } from '../../lib/declaration';
import type { OutboxTable } from '../dynamodb/tables';
import type { FunctionPool } from '../functions/function-pool';
import type { RuntimeLog } from '../log';
import type { LocalQueue } from '../messaging/topology';
import { functionArn } from '../names';
import { readBatchResponse } from './batch-response';
import type { Checkpoints } from './checkpoints';
import { matchesPattern } from './filter-pattern';
import { sleep } from './sleep';
import { toLambdaRecord } from './stream-records';

/** Lambda polls a shard four times a second; locally a little faster, so events flow at once. */
const POLL_INTERVAL_MS = 100;
const SHARD_DISCOVERY_INTERVAL_MS = 5_000;
const ERROR_BACKOFF_MS = 1_000;
/**
 * DynamoDB Local numbers stream records across all its tables, so an iterator taken while a shard
 * was empty points below the shard's first record, and reading it once records arrive fails with
 * TrimmedDataAccessException: on every table's first write of a run. (In AWS the same error means
 * the position has expired, the checkpoint of a data directory left for a day for instance.)
 * Either way the position is below the oldest record, so reading resumes from the oldest record,
 * at once and without a warning; only if that fails too does the usual back-off apply, so a shard
 * that keeps refusing cannot spin.
 */
const MAX_IMMEDIATE_TRIMMED_RETRIES = 1;
const isTrimmed = (error: unknown): boolean => (error as { name?: unknown } | undefined)?.name === 'TrimmedDataAccessException';
/** The relay's declaration says it bisects a failing batch to isolate the record that fails. */
const BISECT_ON_ERROR = true;

export interface StreamPollerDeps {
  readonly table: OutboxTable;
  readonly relay: RelayDeclaration;
  readonly pool: FunctionPool;
  readonly streams: DynamoDBStreamsClient;
  readonly sqs: SQSClient;
  readonly onFailureQueue: LocalQueue;
  readonly checkpoints: Checkpoints;
  readonly log: RuntimeLog;
}

type Condition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export class StreamPoller {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly deps: StreamPollerDeps) {}

  start(): void {
    this.running = this.run();
  }

  /** Stops polling; a batch being delivered is finished first. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const finished = new Set<string>();
    const reading = new Map<string, Promise<void>>();
    while (!this.stopping) {
      try {
        const shards = await this.listShards();
        const present = new Set(shards.map((shard) => shard.ShardId));
        for (const shard of shards) {
          const id = shard.ShardId!;
          if (finished.has(id) || reading.has(id)) continue;
          // A child shard is read only once its parent has been read to its end.
          if (shard.ParentShardId && present.has(shard.ParentShardId) && !finished.has(shard.ParentShardId)) continue;
          reading.set(
            id,
            this.readShard(id)
              .then((complete) => {
                if (complete) finished.add(id);
              })
              .finally(() => reading.delete(id)),
          );
        }
      } catch (error) {
        if (!this.stopping) this.deps.log.warn(`${this.deps.pool.fn.name}: cannot list the shards of ${this.deps.table.name}: ${(error as Error).message}`);
      }
      await sleep(SHARD_DISCOVERY_INTERVAL_MS, this.abort.signal);
    }
    await Promise.allSettled(reading.values());
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.deps.streams.send(
        new DescribeStreamCommand({ StreamArn: this.deps.table.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** After the checkpoint, or from the oldest record when there is none or `fromOldest` (the checkpoint is below it). */
  private async iteratorFor(shardId: string, fromOldest: boolean): Promise<string | undefined> {
    const { streamArn } = this.deps.table;
    const after = fromOldest ? undefined : this.deps.checkpoints.get(streamArn, shardId);
    if (after) {
      try {
        const { ShardIterator } = await this.deps.streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }),
        );
        return ShardIterator;
      } catch {
        // The checkpoint was trimmed from the stream (older than 24 hours): start from the oldest record left.
      }
    }
    const { ShardIterator } = await this.deps.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    return ShardIterator;
  }

  /** Reads a shard until it closes (true) or the poller stops (false). */
  private async readShard(shardId: string): Promise<boolean> {
    const { relay, table } = this.deps;
    const windowMs = relay.maxBatchingWindowSeconds * 1000;
    let iterator: string | undefined;
    let pending: DynamoDBRecord[] = [];
    let pendingSince = 0;
    let lastRead: string | undefined;
    let trimmedRetries = 0;
    while (!this.stopping) {
      try {
        iterator ??= await this.iteratorFor(shardId, trimmedRetries > 0);
        if (!iterator) return true;
        const { Records = [], NextShardIterator } = await this.deps.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        iterator = NextShardIterator;
        for (const record of Records.map((raw) => toLambdaRecord(raw, table.streamArn))) {
          lastRead = record.dynamodb?.SequenceNumber;
          if (!matchesPattern(relay.filterPattern, record)) continue;
          if (pending.length === 0) pendingSince = Date.now();
          pending.push(record);
        }
        while (pending.length >= relay.batchSize) if (!(await this.deliver(shardId, pending.splice(0, relay.batchSize)))) return false;
        const windowClosed = windowMs === 0 || Date.now() - pendingSince >= windowMs || !iterator;
        if (pending.length > 0 && windowClosed) {
          if (!(await this.deliver(shardId, pending))) return false;
          pending = [];
        }
        if (pending.length === 0 && lastRead) this.deps.checkpoints.set(table.streamArn, shardId, lastRead);
        if (!iterator) return pending.length === 0;
        trimmedRetries = 0;
        if (Records.length === 0) await sleep(POLL_INTERVAL_MS, this.abort.signal);
      } catch (error) {
        if (this.stopping) return false;
        // Resume from the checkpoint (or, past a trimmed position, the oldest record): records read
        // but not yet delivered are read again.
        iterator = undefined;
        pending = [];
        lastRead = undefined;
        if (isTrimmed(error) && trimmedRetries < MAX_IMMEDIATE_TRIMMED_RETRIES) {
          trimmedRetries += 1;
          continue;
        }
        this.deps.log.warn(`${this.deps.pool.fn.name}: reading ${shardId} failed: ${(error as Error).message}`);
        await sleep(ERROR_BACKOFF_MS, this.abort.signal);
      }
    }
    return false;
  }

  /**
   * Hands a batch to the relay until it is done with it: delivered, or parked on the on-failure
   * queue. False when the runtime stopped first (the shard must not be checkpointed past it).
   */
  private async deliver(shardId: string, batch: DynamoDBRecord[]): Promise<boolean> {
    const { relay } = this.deps;
    const oldest = Date.now() / 1000 - relay.maxRecordAgeSeconds;
    const expired = batch.filter((record) => (record.dynamodb?.ApproximateCreationDateTime ?? Infinity) < oldest);
    if (expired.length > 0) await this.park(shardId, expired, 0, 'RecordAgeExceeded');
    let records = batch.filter((record) => !expired.includes(record));
    let invocations = 0;
    while (records.length > 0) {
      if (this.stopping && invocations > 0) return false;
      const result = await this.deps.pool.invoke({ Records: records });
      invocations += 1;
      const sequenceNumbers = records.map((record) => record.dynamodb!.SequenceNumber!);
      if (result.ok) {
        const outcome = readBatchResponse(result.value, sequenceNumbers);
        if (outcome.kind === 'success') return true;
        if (outcome.kind === 'partial') {
          // Everything before the first failed record is done; retry from there.
          records = records.slice(sequenceNumbers.findIndex((sequence) => outcome.failed.has(sequence)));
        }
      } else {
        this.deps.log.warn(`${this.deps.pool.fn.name}: ${result.error.errorType}: ${result.error.errorMessage}`);
      }
      const functionError = !result.ok || readBatchResponse(result.value, sequenceNumbers).kind === 'failed';
      if (functionError && BISECT_ON_ERROR && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        return (await this.deliver(shardId, records.slice(0, half))) && (await this.deliver(shardId, records.slice(half)));
      }
      if (invocations > relay.retryAttempts) {
        await this.park(shardId, records, invocations, 'RetryAttemptsExhausted');
        return true;
      }
      await sleep(Math.min(100 * 2 ** (invocations - 1), 2_000), this.abort.signal);
    }
    return true;
  }

  /** What Lambda sends an on-failure destination for a stream batch: where the records are, not the records. */
  private async park(shardId: string, records: DynamoDBRecord[], invocations: number, condition: Condition): Promise<void> {
    const first = records[0]!.dynamodb!;
    const last = records[records.length - 1]!.dynamodb!;
    const arrival = (seconds: number | undefined): string | undefined => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());
    const description = {
      requestContext: { requestId: randomUUID(), functionArn: functionArn(this.deps.pool.fn.name), condition, approximateInvokeCount: invocations },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.SequenceNumber,
        endSequenceNumber: last.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn: this.deps.table.streamArn,
      },
    };
    this.deps.log.warn(`${this.deps.pool.fn.name}: ${records.length} record(s) ${first.SequenceNumber}..${last.SequenceNumber} parked on ${this.deps.onFailureQueue.name} (${condition})`);
    try {
      await this.deps.sqs.send(new SendMessageCommand({ QueueUrl: this.deps.onFailureQueue.url, MessageBody: JSON.stringify(description) }));
    } catch (error) {
      this.deps.log.warn(`${this.deps.pool.fn.name}: could not write to ${this.deps.onFailureQueue.name}: ${(error as Error).message}`);
    }
  }
}
