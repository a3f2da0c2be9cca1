/** Order statistics of a sample: what every measurement in the benchmark reports. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** The `p`-th percentile (0..100) by the nearest-rank method: always a value that was measured. */
const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

export const summarize = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean,
  };
};

/** Rounds for the report and results.json: enough digits to compare, no noise. */
const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const roundSummary = (summary: Summary, digits = 2): Summary => ({
  n: summary.n,
  median: round(summary.median, digits),
  p90: round(summary.p90, digits),
  p99: round(summary.p99, digits),
  min: round(summary.min, digits),
  max: round(summary.max, digits),
  mean: round(summary.mean, digits),
});
