import type { Context } from 'aws-lambda';
import { MAX_PER_RUN_ENV, OUTBOX_TABLE_ENV, positiveIntEnv, requireEnv, SWEEP_GRACE_SECONDS_ENV } from '../../shared/env';
import { countMetric, publishMetrics } from '../../shared/metrics';
import { logger } from '../../shared/powertools';
import { sweepOutbox, type SweepReport } from '../sweep';

const tableName = requireEnv(OUTBOX_TABLE_ENV);
const settings = { graceSeconds: positiveIntEnv(SWEEP_GRACE_SECONDS_ENV), maxPerRun: positiveIntEnv(MAX_PER_RUN_ENV) };

/**
 * A table's outbox sweeper, run on a schedule (StageConfig.outboxSweeper). What it could not
 * publish counts as a relay failure, so the RelayFailures alarm fires for it too; the next run
 * tries again.
 */
export const handler = async (_event: unknown, context: Context): Promise<SweepReport> => {
  logger.addContext(context);
  try {
    const report = await sweepOutbox(tableName, settings);
    if (report.found > 0) logger.warn('Published outbox items the relay had not marked', { ...report, ...settings });
    countMetric('EventsRepublished', report.published);
    countMetric('RelayFailures', report.failed + report.invalid);
    return report;
  } finally {
    publishMetrics();
  }
};
