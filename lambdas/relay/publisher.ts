import { PublishBatchCommand, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { TOPIC_ARN_ENV, requireEnv } from '../shared/env';
import type { Envelope } from '../shared/events/envelope';
import { isBusinessEvent, type BusinessMetric } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';
import { logger } from '../shared/powertools';
import { publishEntry, toBatches } from './publish-batches';
import { snsClient } from './sns-client';

/** Anything that carries an event to publish: a stream record for the relay, an outbox item for the sweeper. */
export interface Publishable {
  readonly envelope: Envelope;
}

/**
 * What is logged about an event, under the same keys the consumers use, so that one query on
 * `correlationId` finds it everywhere. Never its data, which can hold personal details.
 */
const traceOf = ({ envelope }: Publishable) => ({ correlationId: envelope.correlationId, eventType: envelope.type, eventId: envelope.id });

/** One line per event SNS accepted, and its count; business events also count under their own name. */
const recordPublished = (published: readonly Publishable[]): void => {
  const business = new Map<BusinessMetric, number>();
  for (const item of published) {
    logger.info('Event published', traceOf(item));
    const { type } = item.envelope;
    if (isBusinessEvent(type)) business.set(type, (business.get(type) ?? 0) + 1);
  }
  countMetric('EventsPublished', published.length);
  for (const [name, count] of business) countMetric(name, count);
};

/** Publishes one batch; returns the items SNS did not accept. */
const publishBatch = async <T extends Publishable>(topicArn: string, batch: readonly { item: T; entry: PublishBatchRequestEntry }[]): Promise<T[]> => {
  try {
    const { Failed = [] } = await snsClient.send(
      new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch.map(({ entry }) => entry) }),
    );
    const reasons = new Map(Failed.map((failure) => [failure.Id, { code: failure.Code, senderFault: failure.SenderFault }]));
    recordPublished(batch.filter(({ entry }) => !reasons.has(entry.Id)).map(({ item }) => item));
    const failed = batch.filter(({ entry }) => reasons.has(entry.Id));
    for (const { item, entry } of failed) logger.error('SNS refused an event', { ...traceOf(item), ...reasons.get(entry.Id) });
    return failed.map(({ item }) => item);
  } catch (error) {
    logger.error('Publishing a batch of events failed', { error: error as Error });
    for (const { item } of batch) logger.error('Event not published', traceOf(item));
    return batch.map(({ item }) => item);
  }
};

/**
 * Publishes events to the domain-events topic, in order, one PublishBatch at a time (so events
 * leave in the order they were written), and says which SNS accepted and which it did not. The
 * relay and the outbox sweeper both publish through here: same message, same attributes, same
 * logs and metrics.
 */
export const publishEvents = async <T extends Publishable>(items: readonly T[]): Promise<{ published: T[]; failed: T[] }> => {
  const topicArn = requireEnv(TOPIC_ARN_ENV);
  const entries = items.map((item, index) => ({ item, entry: publishEntry(item.envelope, String(index)) }));
  const failed = new Set<T>();
  for (const batch of toBatches(entries, ({ entry }) => entry)) {
    for (const item of await publishBatch(topicArn, batch)) failed.add(item);
  }
  return { published: items.filter((item) => !failed.has(item)), failed: [...failed] };
};
