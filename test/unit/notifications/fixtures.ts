import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { EnvelopeFor, EventData, EventType } from '../event-catalog';

export const TABLE = 'notifications-test-table';

/** A hand-built envelope, so a test controls its id and time. */
export const envelope = <T extends EventType>(type: T, id: string, data: EventData<T>): EnvelopeFor<T> => ({
  id,
  type,
  version: 1,
  source: type === 'UserSignedUp' ? 'users' : 'orders',
  occurredAt: '2025-03-01T10:00:00.000Z',
  correlationId: `corr-${id}`,
  subject: 'userId' in data ? String(data.userId) : id,
  data,
});

/** An SQS record as the queue delivers it (raw message delivery: the body is the envelope). */
export const sqsRecord = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `receipt-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1740823200000',
    SenderId: 'sender',
    ApproximateFirstReceiveTimestamp: '1740823200000',
  },
  messageAttributes: {},
  md5OfBody: 'not-checked',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:notifications',
  awsRegion: 'eu-west-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
