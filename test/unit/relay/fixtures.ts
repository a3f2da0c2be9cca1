import type { EnvelopeFor } from '../event-catalog';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import { outboxItem } from '../../../lambdas/shared/outbox';

/** Envelope ids are ULIDs; `n` makes each one distinct and keeps them sorted. */
export const signedUp = (n: number, overrides: Partial<EnvelopeFor<'UserSignedUp'>> = {}): EnvelopeFor<'UserSignedUp'> => ({
  id: `01JNB3W5M2ZQ4Y0P9R6S7T${String(n).padStart(4, '0')}`,
  type: 'UserSignedUp',
  version: 1,
  source: 'users',
  occurredAt: '2025-03-01T10:00:00.000Z',
  correlationId: `corr-${n}`,
  subject: `user-${n}`,
  data: { userId: `user-${n}`, name: `User ${n}`, email: `user${n}@example.com` },
  ...overrides,
});

/** Stream sequence numbers are numeric strings that grow along the shard. */
export const sequenceNumber = (n: number): string => String(1_000_000 + n);

const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true }) as Record<string, SdkAttributeValue> as unknown as Record<string, AttributeValue>;

/** The INSERT record the users table's stream emits when an outbox item is written. */
export const outboxInsert = (n: number, item: Record<string, unknown>): DynamoDBRecord => ({
  eventID: `stream-event-${n}`,
  eventName: 'INSERT',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-west-1',
  eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/2025-03-01T00:00:00.000',
  dynamodb: {
    ApproximateCreationDateTime: 1_740_823_200,
    Keys: image({ pk: item.pk, sk: item.sk }),
    NewImage: image(item),
    SequenceNumber: sequenceNumber(n),
    SizeBytes: 512,
    StreamViewType: 'NEW_IMAGE',
  },
});

/** The record for event number `n`, stored as the outbox stores it. */
export const eventRecord = (n: number, envelope: Envelope = signedUp(n)): DynamoDBRecord =>
  outboxInsert(n, { ...outboxItem(envelope) });

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });
