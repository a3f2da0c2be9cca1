import { BatchProcessor, EventType as BatchEventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { $ZodError } from 'zod/v4/core';
import { retryConflicts, type ConflictRetryPolicy } from './conflict-retry';
import type { ConsumerContract } from './contract';
import { parseEnvelope, UndeclaredEventTypeError, type Envelope, type EnvelopeOf } from './events/envelope';
import { countMetric, publishMetrics } from './metrics';
import { logger } from './powertools';
import { SerialByKey } from './serial-by-key';

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
 * Conflicts with a concurrent transaction are tried again inside the function, with jittered
 * back-off, rather than handed back to SQS, where the message would wait out the visibility
 * timeout (minutes) and, on a hot item, conflict again until it reached the dead-letter queue.
 * Sixteen attempts spread over at most ~11 s let a writer that competes with a handful of others
 * for one item get its turn, even where each transaction holds the item for a second (a busy
 * machine running DynamoDB Local) rather than milliseconds (DynamoDB).
 */
export const CONSUMER_CONFLICT_RETRY: ConflictRetryPolicy = { attempts: 16, baseDelayMs: 25, maxDelayMs: 1_000 };

/**
 * Back-offs start only within this share of the time the invocation had when it began: the rest
 * is for the attempts in progress and the records after them, so retrying never makes a batch
 * time out (a time-out would hand back every record of the batch, the finished ones included).
 */
export const RETRY_SHARE_OF_INVOCATION = 2 / 3;

export interface ConsumerOptions<C extends ConsumerContract> {
  /**
   * The items an event's handler writes (any names, e.g. product ids): records of one batch that
   * share one are handled one after the other, in batch order, instead of racing each other into
   * transaction conflicts; the others still run concurrently.
   * @default - every record of a batch runs concurrently
   */
  readonly itemsWrittenBy?: (event: EnvelopeOf<C['events'][number]>) => readonly string[];
}

/**
 * An SQS consumer over Powertools Batch: each message is parsed with its event's schema and
 * handled on its own, and only the messages that threw are reported in `batchItemFailures`, so a
 * poison message is retried alone until it reaches the dead-letter queue and never blocks the rest.
 * Every log line about a message carries its id and its event's correlation id, type and id; the
 * events a handler emits carry the same correlation id (their EventContext comes from the event
 * they answer).
 */
export const sqsConsumer = <const C extends ConsumerContract>(
  consumer: C,
  handlers: NoInfer<EventHandlers<C>>,
  options: NoInfer<ConsumerOptions<C>> = {},
) => {
  const processor = new BatchProcessor(BatchEventType.SQS);

  // Batch handles a batch's records concurrently, so their keys go on each line, never through
  // the logger's shared appendKeys, where one record's keys would land on another's lines.
  // Batch calls this for every record in batch order before any of them awaits, so the order in
  // which records claim their items in `serial` is the batch's.
  const handleRecord = async (record: SQSRecord, serial: SerialByKey, retryDeadline: number): Promise<Outcome> => {
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
      const onRetry = (attempt: number): void => {
        countMetric('ConflictsRetried');
        logger.info('Transaction conflict: trying again', { ...keys, attempt });
      };
      const items = options.itemsWrittenBy?.(envelope) ?? [];
      const outcome = await serial.run(items, () => retryConflicts(() => handle(envelope), CONSUMER_CONFLICT_RETRY, { deadline: retryDeadline, onRetry }));
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
    const serial = new SerialByKey();
    const retryDeadline = Date.now() + context.getRemainingTimeInMillis() * RETRY_SHARE_OF_INVOCATION;
    try {
      // Report every failure, even when the whole batch failed, so the event source mapping and the
      // local poller see one uniform response shape.
      return await processPartialResponse(event, (record: SQSRecord) => handleRecord(record, serial, retryDeadline), processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      publishMetrics();
      logger.resetKeys();
    }
  };
};
