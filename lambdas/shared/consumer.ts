import { BatchProcessor, EventType as BatchEventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EventType } from './events/catalog';
import { parseEnvelope, type Envelope } from './events/envelope';
import { logger } from './powertools';

/** What a consumer did with one event: applied its effect, recognised a redelivery, or had nothing to do. */
export type Outcome = 'applied' | 'duplicate' | 'ignored';

export type EventHandlers = { [T in EventType]?: (event: Envelope<T>) => Promise<Outcome> };

export class UnhandledEventTypeError extends Error {
  constructor(type: string) {
    super(`This consumer does not handle ${type}; its subscription filter policy should not have delivered it`);
    this.name = 'UnhandledEventTypeError';
  }
}

/**
 * An SQS consumer over Powertools Batch: each message is parsed with its event's schema and
 * handled on its own, and only the messages that threw are reported in `batchItemFailures`, so a
 * poison message is retried alone until it reaches the dead-letter queue and never blocks the rest.
 */
export const sqsConsumer = (handlers: EventHandlers) => {
  const processor = new BatchProcessor(BatchEventType.SQS);

  const handleRecord = async (record: SQSRecord): Promise<Outcome> => {
    const envelope = parseEnvelope(record.body);
    logger.appendKeys({ correlationId: envelope.correlationId, eventType: envelope.type, eventId: envelope.id });
    try {
      const handle = handlers[envelope.type] as ((event: Envelope) => Promise<Outcome>) | undefined;
      if (!handle) throw new UnhandledEventTypeError(envelope.type);
      const outcome = await handle(envelope);
      logger.info('Event handled', { outcome });
      return outcome;
    } catch (error) {
      logger.error('Event failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['correlationId', 'eventType', 'eventId']);
    }
  };

  const recordHandler = async (record: SQSRecord): Promise<Outcome> => {
    try {
      return await handleRecord(record);
    } catch (error) {
      if (!(error instanceof Error) || !['ZodError', 'SyntaxError'].includes(error.name)) throw error;
      logger.error('Message is not a valid event envelope', { messageId: record.messageId, error });
      throw error;
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    try {
      // Report every failure, even when the whole batch failed, so the event source mapping and the
      // local poller see one uniform response shape.
      return await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
    } finally {
      logger.resetKeys();
    }
  };
};
