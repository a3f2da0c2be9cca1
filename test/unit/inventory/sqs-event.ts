import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import type { EnvelopeFor, EventData, EventType } from '../event-catalog';

export const CORRELATION_ID = 'corr-checkout-42';

let sequence = 0;

/** An envelope as the orders service would publish it; `overrides` for the fields a test cares about. */
const envelope = <T extends EventType>(type: T, subject: string, data: EventData<T>, overrides: Partial<Envelope> = {}): EnvelopeFor<T> => {
  sequence += 1;
  return {
    id: `01JEVENT${String(sequence).padStart(18, '0')}`,
    type,
    version: 1,
    source: 'orders',
    occurredAt: '2025-01-01T00:00:00.000Z',
    correlationId: CORRELATION_ID,
    subject,
    data,
    ...overrides,
  } as EnvelopeFor<T>;
};

export const orderPlaced = (orderId: string, items: { productId: string; quantity: number }[], overrides: Partial<Envelope> = {}) =>
  envelope(
    'OrderPlaced',
    orderId,
    {
      orderId,
      userId: 'user-1',
      items: items.map((item) => ({ ...item, unitPriceCents: 500 })),
      totalCents: items.reduce((sum, item) => sum + item.quantity * 500, 0),
    },
    overrides,
  );

export const orderCancelled = (orderId: string, overrides: Partial<Envelope> = {}) =>
  envelope('OrderCancelled', orderId, { orderId, userId: 'user-1', previousStatus: 'CONFIRMED' }, overrides);

/** Message ids are `msg-<index>`, so a test names the failures it expects by position. */
export const sqsEvent = (...bodies: (Envelope | string)[]): SQSEvent => ({
  Records: bodies.map(
    (body, index): SQSRecord => ({
      messageId: `msg-${index}`,
      receiptHandle: `receipt-${index}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1735689600000',
        SenderId: 'sns',
        ApproximateFirstReceiveTimestamp: '1735689600000',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:inventory',
      awsRegion: 'eu-west-1',
    }),
  ),
});
