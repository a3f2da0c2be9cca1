import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput, type PublishBatchResultEntry } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/relay/handlers/relay';
import { outboxItem } from '../../../lambdas/shared/outbox';
import { logger } from '../../../lambdas/shared/powertools';
import { lambdaContext } from '../http-event';
import { eventRecord, outboxInsert, sequenceNumber, signedUp, streamEvent } from './fixtures';

// Before the handler module loads: it reads the topic ARN once, at cold start.
vi.hoisted(() => {
  process.env.DOMAIN_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:domain-events';
  process.env.OUTBOX_TABLE_NAME = 'users-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:domain-events';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** SNS's answer when every entry of the request was accepted... */
const acceptAll = (input: PublishBatchCommandInput) => ({
  Successful: input.PublishBatchRequestEntries!.map((entry) => ({ Id: entry.Id, MessageId: `message-${entry.Id}` })),
  Failed: [],
});

/** ...and when it refused the entries carrying the given event ids. */
const refuse = (eventIds: string[]) => (input: PublishBatchCommandInput) => {
  const entries = input.PublishBatchRequestEntries!;
  const isRefused = (message: string | undefined) => eventIds.includes((JSON.parse(message!) as { id: string }).id);
  const failed: PublishBatchResultEntry[] = entries
    .filter((entry) => isRefused(entry.Message))
    .map((entry) => ({ Id: entry.Id, Code: 'InternalError', SenderFault: false, Message: 'Internal error' }));
  return {
    Successful: entries.filter((entry) => !isRefused(entry.Message)).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}` })),
    Failed: failed,
  };
};

const sentBatches = () => sns.commandCalls(PublishBatchCommand).map((call) => call.args[0].input);
const publishedEventIds = () =>
  sentBatches().flatMap((batch) => batch.PublishBatchRequestEntries!.map((entry) => (JSON.parse(entry.Message!) as { id: string }).id));

beforeEach(() => {
  sns.reset();
  ddb.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('outbox relay', () => {
  it("publishes the outbox item's envelope as the message, exactly, with its type, source and correlation id as attributes", async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    const envelope = signedUp(1);

    const response = await handler(streamEvent(eventRecord(1, envelope)), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sentBatches()).toEqual([
      {
        TopicArn: TOPIC_ARN,
        PublishBatchRequestEntries: [
          {
            Id: expect.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
            Message: JSON.stringify(envelope),
            MessageAttributes: {
              type: { DataType: 'String', StringValue: 'UserSignedUp' },
              source: { DataType: 'String', StringValue: 'users' },
              correlationId: { DataType: 'String', StringValue: 'corr-1' },
            },
          },
        ],
      },
    ]);
  });

  it('publishes 25 records in 3 batches of at most 10, in stream order, with ids unique within each batch', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    const numbers = range(1, 25);

    const response = await handler(streamEvent(...numbers.map((n) => eventRecord(n))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    const batches = sentBatches();
    expect(batches.map((batch) => batch.PublishBatchRequestEntries!.length)).toEqual([10, 10, 5]);
    for (const batch of batches) {
      const ids = batch.PublishBatchRequestEntries!.map((entry) => entry.Id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(publishedEventIds()).toEqual(numbers.map((n) => signedUp(n).id));
  });

  it('reports exactly the record whose entry SNS refused', async () => {
    sns.on(PublishBatchCommand).callsFake(refuse([signedUp(2).id]));

    const response = await handler(streamEvent(...range(1, 3).map((n) => eventRecord(n))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
  });

  it('reports every record of a batch whose call threw, and none of the other batches', async () => {
    sns
      .on(PublishBatchCommand)
      .callsFakeOnce(acceptAll)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }))
      .callsFake(acceptAll);

    const response = await handler(streamEvent(...range(1, 25).map((n) => eventRecord(n))), lambdaContext);

    expect(sentBatches()).toHaveLength(3);
    expect(response.batchItemFailures).toEqual(range(11, 20).map((n) => ({ itemIdentifier: sequenceNumber(n) })));
  });

  it('reports an outbox record whose image is not a valid envelope, logs it, and publishes the rest', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    const logged = vi.spyOn(logger, 'error');
    const { correlationId: _dropped, ...noCorrelation } = signedUp(2);

    const response = await handler(
      streamEvent(eventRecord(1), outboxInsert(2, { ...outboxItem(signedUp(2)), event: noCorrelation }), eventRecord(3)),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    expect(publishedEventIds()).toEqual([signedUp(1).id, signedUp(3).id]);
    expect(logged).toHaveBeenCalledWith(
      'Outbox record is not a valid event envelope',
      expect.objectContaining({ sequenceNumber: sequenceNumber(2), eventId: signedUp(2).id }),
    );
  });

  it('reports an outbox insert that carries no new image rather than dropping it', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    const record = eventRecord(1);
    delete record.dynamodb!.NewImage;

    const response = await handler(streamEvent(record), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect(sentBatches()).toHaveLength(0);
  });

  it('skips, without reporting, records that are not outbox inserts', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    const userInsert = outboxInsert(1, { pk: 'USER#user-1', sk: 'PROFILE', kind: 'user', id: 'user-1' });
    const outboxRemoval = { ...eventRecord(2), eventName: 'REMOVE' as const };

    const response = await handler(streamEvent(userInsert, outboxRemoval, eventRecord(3)), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(publishedEventIds()).toEqual([signedUp(3).id]);
  });

  it('logs correlation ids of what it published and refused, never the messages and their emails', async () => {
    sns
      .on(PublishBatchCommand)
      .callsFakeOnce(refuse([signedUp(2).id]))
      .rejectsOnce(new Error('Service unavailable'));
    const calls = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')];

    await handler(streamEvent(...range(1, 12).map((n) => eventRecord(n))), lambdaContext);

    const logs = JSON.stringify(calls.flatMap((spy) => spy.mock.calls));
    expect(logs).toContain('corr-1');
    expect(logs).toContain('corr-2');
    expect(logs).toContain('corr-11');
    expect(logs).not.toContain('@example.com');
  });
});

describe('outbox relay marks', () => {
  const marks = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);

  it('marks each event SNS accepted published on its outbox item, which takes it out of the awaiting index', async () => {
    sns.on(PublishBatchCommand).callsFake(refuse([signedUp(2).id]));

    await handler(streamEvent(eventRecord(1), eventRecord(2), eventRecord(3)), lambdaContext);

    expect(marks().map((input) => input.Key)).toEqual([
      { pk: `OUTBOX#${signedUp(1).id}`, sk: 'EVENT' },
      { pk: `OUTBOX#${signedUp(3).id}`, sk: 'EVENT' },
    ]);
    expect(marks()[0]).toMatchObject({
      TableName: 'users-table',
      UpdateExpression: expect.stringContaining('REMOVE #awaitingPk, #awaitingSince'),
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#awaitingPk': 'awaitingPk', '#awaitingSince': 'awaitingSince' },
    });
  });

  it('marks nothing before SNS has accepted the events', async () => {
    sns.on(PublishBatchCommand).rejects(new Error('SNS is down'));

    await handler(streamEvent(eventRecord(1)), lambdaContext);

    expect(marks()).toEqual([]);
  });

  it('still reports the record published when its mark fails: the sweeper republishes it, nothing is lost', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAll);
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    const response = await handler(streamEvent(eventRecord(1)), lambdaContext);

    expect(response.batchItemFailures).toEqual([]);
    expect(marks()).toHaveLength(1);
  });
});
