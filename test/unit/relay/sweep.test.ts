import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.DOMAIN_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:domain-events';
  process.env.OUTBOX_TABLE_NAME = 'users-table';
  process.env.SWEEP_GRACE_SECONDS = '300';
  process.env.MAX_PER_RUN = '3';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

import { handler } from '../../../lambdas/relay/handlers/sweep';
import { sweepOutbox } from '../../../lambdas/relay/sweep';
import { lambdaContext } from '../http-event';
import { signedUp } from './fixtures';
import { InMemoryOutboxTable } from './outbox-table';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);
let table: InMemoryOutboxTable;

const NOW = new Date('2025-03-01T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const event = (n: number, minutes: number) => signedUp(n, { occurredAt: minutesAgo(minutes) });
const settings = { graceSeconds: 300, maxPerRun: 100 };

const acceptAll = (input: PublishBatchCommandInput) => ({
  Successful: input.PublishBatchRequestEntries!.map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}` })),
  Failed: [],
});
const publishedIds = () =>
  sns.commandCalls(PublishBatchCommand).flatMap((call) => call.args[0].input.PublishBatchRequestEntries!.map((entry) => (JSON.parse(entry.Message!) as { id: string }).id));

beforeEach(() => {
  sns.reset();
  ddb.reset();
  table = new InMemoryOutboxTable(ddb);
  sns.on(PublishBatchCommand).callsFake(acceptAll);
});

describe('the outbox sweeper', () => {
  it('publishes an item unmarked past the grace period and marks it published', async () => {
    table.put(event(1, 10));

    const report = await sweepOutbox('users-table', settings, NOW);

    expect(publishedIds()).toEqual([event(1, 10).id]);
    expect(table.publishedAt(event(1, 10).id)).toEqual(expect.any(String));
    expect(report).toEqual({ found: 1, published: 1, marked: 1, invalid: 0, failed: 0 });
  });

  it('leaves items still within the grace period to the relay', async () => {
    table.put(event(1, 4));

    const report = await sweepOutbox('users-table', settings, NOW);

    expect(report.found).toBe(0);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
    expect(table.publishedAt(event(1, 4).id)).toBeUndefined();
  });

  it('leaves items the relay already marked published', async () => {
    table.put(event(1, 10));
    await sweepOutbox('users-table', settings, NOW);
    sns.resetHistory();

    const second = await sweepOutbox('users-table', settings, NOW);

    expect(second.found).toBe(0);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });

  it('publishes the oldest items first across every shard, at most maxPerRun per run, and the rest on the next run', async () => {
    const events = Array.from({ length: 12 }, (_, i) => event(i + 1, 60 - i));
    for (const e of [...events].reverse()) table.put(e);

    const first = await sweepOutbox('users-table', { graceSeconds: 300, maxPerRun: 5 }, NOW);
    const firstIds = publishedIds();
    sns.resetHistory();
    const second = await sweepOutbox('users-table', { graceSeconds: 300, maxPerRun: 5 }, NOW);

    expect(first.published).toBe(5);
    expect(firstIds).toEqual(events.slice(0, 5).map((e) => e.id));
    expect(second.published).toBe(5);
    expect(publishedIds()).toEqual(events.slice(5, 10).map((e) => e.id));
  });

  it('leaves an event SNS refused unmarked, so the next run publishes it again', async () => {
    table.put(event(1, 10));
    sns.on(PublishBatchCommand).rejects(new Error('SNS is down'));

    const report = await sweepOutbox('users-table', settings, NOW);

    expect(report).toMatchObject({ found: 1, published: 0, failed: 1, marked: 0 });
    expect(table.publishedAt(event(1, 10).id)).toBeUndefined();
  });

  it('republishes an event the relay published but could not mark as the very same message, so consumers skip it by id', async () => {
    const envelope = event(1, 10);
    table.put(envelope);

    await Promise.all([sweepOutbox('users-table', settings, NOW), sweepOutbox('users-table', settings, NOW)]);

    const messages = sns.commandCalls(PublishBatchCommand).flatMap((call) => call.args[0].input.PublishBatchRequestEntries!.map((entry) => entry.Message));
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages)).toEqual(new Set([JSON.stringify(envelope)]));
    expect(table.publishedAt(envelope.id)).toEqual(expect.any(String));
  });

  it('runs as a scheduled function with the grace period and bound from its environment', async () => {
    for (let n = 1; n <= 5; n += 1) table.put(event(n, 60));
    table.put(event(6, 1));

    const report = await handler({}, lambdaContext);

    expect(report.published).toBe(3);
    const cutoffs = ddb.commandCalls(QueryCommand).map((call) => (call.args[0].input.ExpressionAttributeValues as Record<string, string>)[':cutoff']);
    const cutoff = Date.parse(cutoffs[0]!);
    expect(Date.now() - cutoff).toBeGreaterThanOrEqual(300_000);
    expect(Date.now() - cutoff).toBeLessThan(310_000);
  });
});
