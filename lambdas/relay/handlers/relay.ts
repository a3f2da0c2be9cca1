import { PublishBatchCommand, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { TOPIC_ARN_ENV, requireEnv } from '../../shared/env';
import type { Envelope } from '../../shared/events/envelope';
import { isBusinessEvent, type BusinessMetric } from '../../shared/metric-names';
import { countMetric, publishMetrics } from '../../shared/metrics';
import { logger } from '../../shared/powertools';
import { readOutboxRecord } from '../outbox-records';
import { publishEntry, toBatches } from '../publish-batches';
import { snsClient } from '../sns-client';

const topicArn = requireEnv(TOPIC_ARN_ENV);

interface Pending {
  readonly sequenceNumber: string;
  readonly envelope: Envelope;
  readonly entry: PublishBatchRequestEntry;
}

/**
 * What is logged about an event, under the same keys the consumers use, so that one query on
 * `correlationId` finds it everywhere. Never its data, which can hold personal details.
 */
const traceOf = ({ envelope }: Pending) => ({ correlationId: envelope.correlationId, eventType: envelope.type, eventId: envelope.id });

/** One line per event SNS accepted, and its count; business events also count under their own name. */
const recordPublished = (published: readonly Pending[]): void => {
  const business = new Map<BusinessMetric, number>();
  for (const pending of published) {
    logger.info('Event published', traceOf(pending));
    const { type } = pending.envelope;
    if (isBusinessEvent(type)) business.set(type, (business.get(type) ?? 0) + 1);
  }
  countMetric('EventsPublished', published.length);
  for (const [name, count] of business) countMetric(name, count);
};

/** Publishes one batch; returns the sequence numbers of the records SNS did not accept. */
const publish = async (batch: readonly Pending[]): Promise<string[]> => {
  try {
    const { Failed = [] } = await snsClient.send(
      new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch.map((pending) => pending.entry) }),
    );
    const reasons = new Map(Failed.map((failure) => [failure.Id, { code: failure.Code, senderFault: failure.SenderFault }]));
    recordPublished(batch.filter((pending) => !reasons.has(pending.entry.Id)));
    const failed = batch.filter((pending) => reasons.has(pending.entry.Id));
    for (const pending of failed) logger.error('SNS refused an event', { ...traceOf(pending), ...reasons.get(pending.entry.Id) });
    return failed.map((pending) => pending.sequenceNumber);
  } catch (error) {
    logger.error('Publishing a batch of events failed', { error: error as Error });
    for (const pending of batch) logger.error('Event not published', traceOf(pending));
    return batch.map((pending) => pending.sequenceNumber);
  }
};

/**
 * Publishes every outbox insert of a DynamoDB stream batch to the domain events topic, in order.
 * Each record that could not be published is reported in `batchItemFailures`; Lambda resumes
 * from the lowest one, so the events after it are published again (consumers are idempotent)
 * and none is lost.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  try {
    const failed = new Set<string>();
    const pending: Pending[] = [];
    for (const record of event.Records) {
      const outbox = readOutboxRecord(record);
      if (outbox.kind === 'skipped') {
        logger.warn('Skipped a stream record that is not an outbox insert; is the event source filter missing?', {
          eventID: record.eventID,
          eventName: record.eventName,
        });
      } else if (outbox.kind === 'invalid') {
        logger.error('Outbox record is not a valid event envelope', {
          sequenceNumber: outbox.sequenceNumber,
          eventId: outbox.eventId,
          problems: outbox.problems,
        });
        failed.add(outbox.sequenceNumber);
      } else {
        pending.push({ ...outbox, entry: publishEntry(outbox.envelope, String(pending.length)) });
      }
    }
    // One batch at a time, so that events leave in the order they were written.
    for (const batch of toBatches(pending, (item) => item.entry)) {
      for (const sequenceNumber of await publish(batch)) failed.add(sequenceNumber);
    }
    const batchItemFailures = event.Records.flatMap((record) => {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      return sequenceNumber && failed.has(sequenceNumber) ? [{ itemIdentifier: sequenceNumber }] : [];
    });
    countMetric('RelayFailures', batchItemFailures.length);
    return { batchItemFailures };
  } finally {
    publishMetrics();
  }
};
