import type { EventType } from '../../lib/declaration';

/**
 * The custom metrics the functions emit (CloudWatch embedded metric format), named once: the
 * handlers emit them (metrics.ts) and the dashboard and alarms (lib/constructs/monitoring.ts)
 * read them. Plain data, so the CDK side can import it without loading Powertools.
 */
export const METRICS_NAMESPACE = 'ServerlessGatewayEvents';

/**
 * Business facts, counted by the relay as it publishes the event of the same name: an event is
 * written in the same transaction as the change it records, so the count follows what was
 * committed. Like the events, it is at least once: a relay batch retried after a partial
 * failure publishes, and counts, the events after the failed one again.
 */
export const BUSINESS_METRICS = [
  'UserSignedUp',
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderCancelled',
  'StockReservationFailed',
] as const satisfies readonly EventType[];
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];

/** How the event backbone is doing. */
const TECHNICAL_METRICS = [
  /** Events the relays and sweepers handed to the topic. */
  'EventsPublished',
  /** Events an outbox sweeper published because no relay had marked them within the grace period. */
  'EventsRepublished',
  /** Stream records a relay reported as failed (retried, then parked on its on-failure queue). */
  'RelayFailures',
  /** Messages a consumer failed on (retried, then moved to its dead-letter queue). */
  'ConsumerFailures',
  /** Redeliveries a consumer recognised and did not apply again. */
  'DuplicatesSkipped',
  /** Writes a consumer tried again after a conflict with a concurrent transaction on one of its items. */
  'ConflictsRetried',
] as const;
type TechnicalMetric = (typeof TECHNICAL_METRICS)[number];

export type MetricName = BusinessMetric | TechnicalMetric;

export const isBusinessEvent = (type: string): type is BusinessMetric => (BUSINESS_METRICS as readonly string[]).includes(type);
