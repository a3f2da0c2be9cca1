import { BatchProcessor, EventType as BatchEventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { $ZodError } from 'zod/v4/core';
import type { ConsumerContract } from './contract';
import { parseEnvelope, UndeclaredEventTypeError, type Envelope, type EnvelopeOf } from './events/envelope';
import { countMetric, publishMetrics } from './metrics';
import { logger } from './powertools';

/** What a consumer did with one event: applied its effect, recognised a redelivery, or had nothing to do. */
export type Outcome = 'applied' | 'duplicate' | 'ignored';

/**
 * One handler per event the consumer's contract subscribes to, no more and no fewer: a missing
 * handler, or one for an event it is not subscribed to, does not compile.
 */
export type EventHandlers<C extends Pick<ConsumerContract, 'events'>> = {
  readonly [E in C['events'][number] as E['type']]: (event: Envelope<E>) => Promise<Outcome>;
};

/**
 * Why a body is not a valid envelope, without a byte of the body: JSON.parse quotes the start of
 * what it could not parse, and bodies can carry emails. Zod issues name paths, not values.
 */
const invalidMessageProblems = (error: unknown): string[] => {
  if (error instanceof UndeclaredEventTypeError) return [error.message];
  if (error instanceof $ZodError) return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  return [error instanceof Error && error.name === 'SyntaxError' ? 'The body is not JSON' : 'The body could not be read'];
};

/**
 * An SQS consumer over Powertools Batch: each message is parsed with its event's schema and
 * handled on its own, and only the messages that threw are reported in `batchItemFailures`, so a
 * poison message is retried alone until it reaches the dead-letter queue and never blocks the rest.
 * Every log line about a message carries its id and its event's correlation id, type and id; the
 * events a handler emits carry the same correlation id (their EventContext comes from the event
 * they answer).
 */
export const sqsConsumer = <const C extends ConsumerContract>(consumer: C, handlers: NoInfer<EventHandlers<C>>) => {
  const processor = new BatchProcessor(BatchEventType.SQS);

  // Batch handles a batch's records concurrently, so their keys go on each line, never through
  // the logger's shared appendKeys, where one record's keys would land on another's lines.
  const handleRecord = async (record: SQSRecord): Promise<Outcome> => {
    const { messageId } = record;
    let envelope: EnvelopeOf<C['events'][number]>;
    try {
      envelope = parseEnvelope(record.body, consumer.events as readonly C['events'][number][]);
    } catch (error) {
      countMetric('ConsumerFailures');
      logger.error('Message is not a valid event envelope', { messageId, problems: invalidMessageProblems(error) });
      throw error;
    }
    const keys = { messageId, correlationId: envelope.correlationId, eventType: envelope.type, eventId: envelope.id };
    try {
      // The map is exhaustive by type; the lookup is by the declared name parseEnvelope checked.
      const handle = (handlers as Record<string, (event: Envelope) => Promise<Outcome>>)[envelope.type]!;
      const outcome = await handle(envelope);
      logger.info('Event handled', { ...keys, outcome });
      if (outcome === 'duplicate') countMetric('DuplicatesSkipped');
      return outcome;
    } catch (error) {
      countMetric('ConsumerFailures');
      logger.error('Event failed', { ...keys, error: error as Error });
      throw error;
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    try {
      // Report every failure, even when the whole batch failed, so the event source mapping and the
      // local poller see one uniform response shape.
      return await processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
    } finally {
      publishMetrics();
      logger.resetKeys();
    }
  };
};
