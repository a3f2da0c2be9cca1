import { ttlInDays } from './clock';
import type { Envelope } from './events/envelope';

/** Outbox items live in each service's own table under this key prefix; the relay's stream filter matches it. */
export const OUTBOX_PREFIX = 'OUTBOX#';
/** Long enough for the relay to have published (its retries last minutes), short enough not to pile up. */
const OUTBOX_TTL_DAYS = 7;

export interface OutboxItem {
  pk: string;
  sk: string;
  kind: 'outbox';
  type: string;
  event: Envelope;
  expiresAt: number;
}

export const outboxItem = (event: Envelope): OutboxItem => ({
  pk: `${OUTBOX_PREFIX}${event.id}`,
  sk: 'EVENT',
  kind: 'outbox',
  type: event.type,
  event,
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
