import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { envelopeSchema, type Envelope } from '../shared/events/envelope';
import { OUTBOX_PREFIX } from '../shared/outbox';

/** What a stream record turned out to be. */
export type OutboxRecord =
  | { readonly kind: 'event'; readonly sequenceNumber: string; readonly envelope: Envelope }
  | { readonly kind: 'invalid'; readonly sequenceNumber: string; readonly eventId: string; readonly problems: string[] }
  | { readonly kind: 'skipped' };

/** Lambda can only retry, or park, what it can name: a record without a sequence number is a broken stream. */
const sequenceNumberOf = (record: DynamoDBRecord): string => {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!sequenceNumber) throw new Error(`Stream record ${record.eventID ?? '(no id)'} has no sequence number`);
  return sequenceNumber;
};

/**
 * Reads one stream record as an outbox item. Anything other than an outbox insert is skipped: the
 * event source's filter should not have delivered it, and other items are not events. An outbox
 * insert whose image is not a valid envelope is `invalid`, so the caller can report it and have it
 * parked on the on-failure queue after its retries: it is never dropped without a trace.
 */
export const readOutboxRecord = (record: DynamoDBRecord): OutboxRecord => {
  const pk = record.dynamodb?.Keys?.pk?.S;
  if (record.eventName !== 'INSERT' || !pk?.startsWith(OUTBOX_PREFIX)) return { kind: 'skipped' };
  const sequenceNumber = sequenceNumberOf(record);
  const eventId = pk.slice(OUTBOX_PREFIX.length);
  const image = record.dynamodb?.NewImage;
  if (!image) return { kind: 'invalid', sequenceNumber, eventId, problems: ['The record has no new image (stream view type?)'] };
  let item: Record<string, unknown>;
  try {
    // aws-lambda and the SDK describe the same wire format with two nominally different types.
    item = unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    return { kind: 'invalid', sequenceNumber, eventId, problems: [(error as Error).message] };
  }
  const parsed = envelopeSchema.safeParse(item.event);
  if (!parsed.success) {
    // Paths and messages only: zod leaves input values out of them, and envelopes can carry emails.
    const problems = parsed.error.issues.map((issue) => `${['event', ...issue.path].join('.')}: ${issue.message}`);
    return { kind: 'invalid', sequenceNumber, eventId, problems };
  }
  return { kind: 'event', sequenceNumber, envelope: parsed.data as Envelope };
};
