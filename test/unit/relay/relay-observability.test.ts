import type { EnvelopeFor } from '../event-catalog';
import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/relay/handlers/relay';
import { lambdaContext } from '../http-event';
import { captureOutput, type CapturedOutput } from '../log-lines';
import { eventRecord, signedUp, streamEvent } from './fixtures';

// Before the handler module loads: the topic ARN is read at cold start, the logger and metrics are built then.
vi.hoisted(() => {
  process.env.DOMAIN_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:domain-events';
  process.env.OUTBOX_TABLE_NAME = 'users-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_SERVICE_NAME = 'orders-relay';
  process.env.STAGE = 'prod';
});

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

const orderPlaced = (n: number): EnvelopeFor<'OrderPlaced'> => ({
  ...signedUp(n),
  type: 'OrderPlaced',
  source: 'orders',
  data: { orderId: `order-${n}`, userId: `user-${n}`, items: [{ productId: 'p-1', quantity: 1, unitPriceCents: 100 }], totalCents: 100 },
});
const stockReserved = (n: number): EnvelopeFor<'StockReserved'> => ({
  ...signedUp(n),
  type: 'StockReserved',
  source: 'products',
  data: { orderId: `order-${n}`, items: [{ productId: 'p-1', quantity: 1 }] },
});

const acceptAllBut = (refusedIds: string[]) => (input: PublishBatchCommandInput) => {
  const entries = input.PublishBatchRequestEntries!;
  const refused = (message: string | undefined) => refusedIds.includes((JSON.parse(message!) as { id: string }).id);
  return {
    Successful: entries.filter((entry) => !refused(entry.Message)).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}` })),
    Failed: entries.filter((entry) => refused(entry.Message)).map((entry) => ({ Id: entry.Id, Code: 'InternalError', SenderFault: false })),
  };
};

let output: CapturedOutput;
beforeEach(() => {
  sns.reset();
  ddb.reset();
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

describe('what the outbox relay logs and counts', () => {
  it('logs one line per published event with its correlation id, type and id, beside the function context', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAllBut([]));

    await handler(streamEvent(eventRecord(1, orderPlaced(1)), eventRecord(2, stockReserved(2))), lambdaContext);

    expect(output.logged('Event published')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'orders-relay',
        function_name: 'test-function',
        function_request_id: 'aws-request-1',
        cold_start: expect.any(Boolean),
        correlationId: 'corr-1',
        eventType: 'OrderPlaced',
        eventId: orderPlaced(1).id,
      }),
      expect.objectContaining({ correlationId: 'corr-2', eventType: 'StockReserved', eventId: stockReserved(2).id }),
    ]);
  });

  it('logs each refused event with its correlation id', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAllBut([orderPlaced(2).id]));

    await handler(streamEvent(eventRecord(1, orderPlaced(1)), eventRecord(2, orderPlaced(2))), lambdaContext);

    expect(output.logged('SNS refused an event')).toEqual([
      expect.objectContaining({ level: 'ERROR', correlationId: 'corr-2', eventId: orderPlaced(2).id, code: 'InternalError' }),
    ]);
  });

  it('counts published events, business events by name, and records reported as failed', async () => {
    sns.on(PublishBatchCommand).callsFake(acceptAllBut([orderPlaced(3).id]));

    await handler(
      streamEvent(eventRecord(1, orderPlaced(1)), eventRecord(2, orderPlaced(2)), eventRecord(3, orderPlaced(3)), eventRecord(4, stockReserved(4))),
      lambdaContext,
    );

    expect(output.metrics()).toEqual({ EventsPublished: 3, OrderPlaced: 2, RelayFailures: 1 });
    expect(output.lines.find((line) => line._aws)).toMatchObject({ service: 'orders-relay', stage: 'prod' });
  });

  it('never prints what the events carry: no emails, no names', async () => {
    sns.on(PublishBatchCommand).callsFakeOnce(acceptAllBut([signedUp(2).id])).rejectsOnce(new Error('Service unavailable'));

    await handler(streamEvent(...Array.from({ length: 12 }, (_, i) => eventRecord(i + 1))), lambdaContext);

    expect(output.logged('Event published').length).toBeGreaterThan(0);
    expect(output.logged('Event not published').length).toBe(2);
    expect(output.text()).not.toContain('@example.com');
    expect(output.text()).not.toContain('User 1');
  });
});
