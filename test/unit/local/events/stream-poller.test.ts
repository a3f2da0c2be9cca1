import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../../../lib/app';
import { OUTBOX_PREFIX } from '../../../../lambdas/shared/outbox';
import { createCheckpoints, type Checkpoints } from '../../../../local/events/checkpoints';
import { StreamPoller } from '../../../../local/events/stream-poller';
import type { FunctionPool } from '../../../../local/functions/function-pool';
import type { RuntimeLog } from '../../../../local/log';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2026-01-01T00:00:00.000';
const SHARD_ID = 'shardId-00000001-aaaa';

const outboxInsert = (sequenceNumber: string): _Record => ({
  eventID: `event-${sequenceNumber}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  eventVersion: '1.1',
  dynamodb: {
    ApproximateCreationDateTime: new Date(),
    Keys: { pk: { S: `${OUTBOX_PREFIX}01EVENT${sequenceNumber}` }, sk: { S: 'EVENT' } },
    NewImage: { pk: { S: `${OUTBOX_PREFIX}01EVENT${sequenceNumber}` }, sk: { S: 'EVENT' } },
    SequenceNumber: sequenceNumber,
    StreamViewType: 'NEW_IMAGE',
  },
});

const trimmed = (): Error =>
  Object.assign(new Error('The operation attempted to read past the oldest stream record in a shard.'), { name: 'TrimmedDataAccessException' });

/**
 * A stream with one open shard holding `record`. Iterators are named after their type and rank
 * (`TRIM_HORIZON-1`...); reading one that `refused` names fails with TrimmedDataAccessException.
 */
const fakeStreams = (record: _Record, refused: (iterator: string) => boolean) => {
  let iterators = 0;
  const send = vi.fn(async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) {
      return { StreamDescription: { Shards: [{ ShardId: SHARD_ID, SequenceNumberRange: { StartingSequenceNumber: '1' } }] } };
    }
    if (command instanceof GetShardIteratorCommand) {
      iterators += 1;
      return { ShardIterator: `${command.input.ShardIteratorType}-${iterators}` };
    }
    if (command instanceof GetRecordsCommand) {
      const iterator = command.input.ShardIterator!;
      if (refused(iterator)) throw trimmed();
      if (iterator.endsWith('-next')) return { Records: [], NextShardIterator: iterator };
      return { Records: [record], NextShardIterator: `${iterator}-next` };
    }
    throw new Error(`Unexpected command ${String(command)}`);
  });
  return { send } as unknown as DynamoDBStreamsClient & { send: typeof send };
};

const iteratorTypesRequested = (streams: ReturnType<typeof fakeStreams>) =>
  streams.send.mock.calls
    .map(([command]) => command)
    .filter((command): command is GetShardIteratorCommand => command instanceof GetShardIteratorCommand)
    .map((command) => command.input.ShardIteratorType);

const until = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the stream poller', () => {
  let poller: StreamPoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  const startPoller = (streams: DynamoDBStreamsClient, checkpoints: Checkpoints) => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: { batchItemFailures: [] } }));
    const log: RuntimeLog = { info: vi.fn(), warn: vi.fn(), functionLine: vi.fn() };
    poller = new StreamPoller({
      table: { service: 'orders', name: 'orders', streamArn: STREAM_ARN },
      relay: app.relay,
      pool: { fn: { name: 'ordersRelay' }, invoke } as unknown as FunctionPool,
      streams,
      sqs: { send: vi.fn() } as unknown as SQSClient,
      onFailureQueue: { name: 'orders-relay-failures', url: 'http://127.0.0.1/000000000000/orders-relay-failures', arn: 'arn:aws:sqs:us-east-1:000000000000:orders-relay-failures' },
      checkpoints,
      log,
    });
    poller.start();
    const delivered = async (): Promise<string[]> => {
      await until(() => invoke.mock.calls.length > 0, 5_000);
      const [event] = invoke.mock.calls[0] as unknown as [{ Records: { dynamodb: { SequenceNumber: string } }[] }];
      return event.Records.map((record) => record.dynamodb.SequenceNumber);
    };
    return { log, delivered };
  };

  it('reads a shard again from its oldest record when its first iterator is refused as trimmed, without a warning', async () => {
    // DynamoDB Local numbers records across all tables: an iterator taken while the shard was
    // empty points below the shard's first record, and reading it fails once records arrive.
    const streams = fakeStreams(outboxInsert('7'), (iterator) => iterator === 'TRIM_HORIZON-1');
    const { log, delivered } = startPoller(streams, createCheckpoints(undefined));

    expect(await delivered()).toEqual(['7']);
    expect(iteratorTypesRequested(streams)).toEqual(['TRIM_HORIZON', 'TRIM_HORIZON']);
    // It happens on every table's first write of a run: not worth alarming the developer.
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('resumes from the oldest record when the checkpoint is refused as trimmed, instead of retrying the checkpoint', async () => {
    const checkpoints = createCheckpoints(undefined);
    checkpoints.set(STREAM_ARN, SHARD_ID, '3');
    const streams = fakeStreams(outboxInsert('9'), (iterator) => iterator.startsWith('AFTER_SEQUENCE_NUMBER'));
    const { log, delivered } = startPoller(streams, checkpoints);

    expect(await delivered()).toEqual(['9']);
    expect(iteratorTypesRequested(streams).slice(0, 2)).toEqual(['AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON']);
    expect(log.warn).not.toHaveBeenCalled();
  });
});
