/**
 * What-if stub for `@aws-lambda-powertools/metrics` (bench variants only, never deployed): no
 * metrics at all, so a build with it shows what the Powertools Metrics utility costs.
 */
import { withNoOps } from './no-op';

/** Unit and resolution names as values (`MetricUnit.Count` is 'Count'). */
const names = new Proxy({}, { get: (_object, property) => String(property) }) as Record<string, string>;
export const MetricUnit = names;
export const MetricResolution = names;

export class Metrics {
  constructor(_options?: unknown) {
    return withNoOps(this);
  }
  hasStoredMetrics(): boolean {
    return false;
  }
}
