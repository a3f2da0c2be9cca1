import { awaitingBefore } from '../shared/awaiting-index';
import { documentClient } from '../shared/clients';
import { envelopeSchema, type Envelope } from '../shared/events/envelope';
import { OUTBOX_PREFIX } from '../shared/outbox';
import { logger } from '../shared/powertools';
import { markPublished } from './outbox-marks';
import { publishEvents } from './publisher';

export interface SweepSettings {
  /** How long an outbox item may stay unmarked before the sweeper publishes it. */
  readonly graceSeconds: number;
  /** The most items one run publishes; the rest (the newer ones) wait for the next run. */
  readonly maxPerRun: number;
}

export interface SweepReport {
  /** Unmarked items older than the grace period that this run took (at most maxPerRun). */
  readonly found: number;
  readonly published: number;
  /** Published and marked: the next run will not see them. */
  readonly marked: number;
  /** Not a valid envelope: left in place, logged and counted as a relay failure. */
  readonly invalid: number;
  /** Refused by SNS: left unmarked, so the next run tries again. */
  readonly failed: number;
}

/**
 * Publishes the outbox items of `tableName` that nobody marked published within the grace period,
 * oldest first, at most `maxPerRun`, through the relay's own publishing code, and marks those SNS
 * accepted. Such an item is an event the relay never got to publish (its stream records aged out,
 * were parked, or its messages were lost after it published) or one it published but could not
 * mark; either way publishing it again is safe, since every consumer is idempotent by event id.
 */
export const sweepOutbox = async (tableName: string, settings: SweepSettings, now = new Date()): Promise<SweepReport> => {
  const cutoff = new Date(now.getTime() - settings.graceSeconds * 1000).toISOString();
  const items = await awaitingBefore(documentClient, tableName, 'OUTBOX', cutoff, settings.maxPerRun);
  const valid: { envelope: Envelope }[] = [];
  let invalid = 0;
  for (const item of items) {
    const parsed = envelopeSchema.safeParse(item.event);
    if (parsed.success) {
      valid.push({ envelope: parsed.data as Envelope });
    } else {
      invalid += 1;
      logger.error('Outbox item is not a valid event envelope; it stays unpublished', {
        eventId: String(item.pk).slice(OUTBOX_PREFIX.length),
        problems: parsed.error.issues.map((issue) => `${['event', ...issue.path].join('.')}: ${issue.message}`),
      });
    }
  }
  const { published, failed } = await publishEvents(valid);
  const marked = await markPublished(tableName, published.map(({ envelope }) => envelope));
  return { found: items.length, published: published.length, marked, invalid, failed: failed.length };
};
