import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName } from './metric-names';

/**
 * One Metrics buffer per container, flushed at the end of each invocation as one EMF log line
 * that CloudWatch turns into metrics (no PutMetricData call, no extra latency). Only the relays
 * and consumers import it; routes carry no metrics code. Dimensions: `service` (from
 * POWERTOOLS_SERVICE_NAME) and `stage`.
 */
const stage = process.env.STAGE;
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, defaultDimensions: stage ? { stage } : {} });

/** Adds `count` to a counter of this invocation; zero adds nothing. */
export const countMetric = (name: MetricName, count = 1): void => {
  if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
};

/** Writes this invocation's metrics, if it counted any (Powertools warns on an empty flush). */
export const publishMetrics = (): void => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};
