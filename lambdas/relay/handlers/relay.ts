import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { OUTBOX_TABLE_ENV, requireEnv } from '../../shared/env';
import type { Envelope } from '../../shared/events/envelope';
import { countMetric, publishMetrics } from '../../shared/metrics';
import { logger } from '../../shared/powertools';
import { markPublished } from '../outbox-marks';
import { readOutboxRecord } from '../outbox-records';
import { publishEvents } from '../publisher';

const outboxTable = requireEnv(OUTBOX_TABLE_ENV);

interface Pending {
  readonly sequenceNumber: string;
  readonly envelope: Envelope;
}

/**
 * Publishes every outbox insert of a DynamoDB stream batch to the domain events topic, in order.
 * Each record that could not be published is reported in `batchItemFailures`; Lambda resumes
 * from the lowest one, so the events after it are published again (consumers are idempotent)
 * and none is lost. Each event SNS accepted is then marked published on its outbox item, so the
 * sweeper leaves it alone.
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
        pending.push(outbox);
      }
    }
    const { published, failed: refused } = await publishEvents(pending);
    for (const { sequenceNumber } of refused) failed.add(sequenceNumber);
    await markPublished(outboxTable, published.map(({ envelope }) => envelope));
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
