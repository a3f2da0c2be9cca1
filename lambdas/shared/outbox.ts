import { awaitingAttributes } from './awaiting-index';
import { ttlInDays } from './clock';
import type { Envelope } from './events/envelope';

/** Outbox items live in each service's own table under this key prefix; the relay's stream filter matches it. */
export const OUTBOX_PREFIX = 'OUTBOX#';
/**
 * Longer than anything that can still need the event: a stream record parked on a relay's
 * on-failure queue names its outbox item, and that queue (like every dead-letter queue) keeps
 * messages 14 days, SQS's maximum; the redrive of a parked record and the sweeper read the event
 * from here. A day more covers the time between parking and the last redrive.
 */
export const OUTBOX_TTL_DAYS = 15;

export const outboxKey = (eventId: string) => ({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' });

/**
 * An event waiting to be published: it stays in the awaiting index (since it occurred) until the
 * relay or the sweeper marks it published, which drops it from the index.
 */
export const outboxItem = (event: Envelope) => ({
  ...outboxKey(event.id),
  kind: 'outbox' as const,
  type: event.type,
  event,
  ...awaitingAttributes('OUTBOX', event.id, event.occurredAt),
  expiresAt: ttlInDays(OUTBOX_TTL_DAYS),
});

/**
 * The TransactWriteItems entry that stores an event beside the state change that caused it.
 * The condition guards against a (vanishingly unlikely) id collision overwriting an unpublished event.
 */
export const outboxPut = (tableName: string, event: Envelope) => ({
  Put: {
    TableName: tableName,
    Item: outboxItem(event),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
