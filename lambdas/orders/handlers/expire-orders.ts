import type { Context } from 'aws-lambda';
import { documentClient } from '../../shared/clients';
import { MAX_PER_RUN_ENV, ORDER_DEADLINE_SECONDS_ENV, positiveIntEnv, tableName } from '../../shared/env';
import { logger } from '../../shared/powertools';
import { expireOverdueOrders, type ExpiryReport } from '../commands';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });
const deadlineSeconds = positiveIntEnv(ORDER_DEADLINE_SECONDS_ENV);
const maxPerRun = positiveIntEnv(MAX_PER_RUN_ENV);

/**
 * Run on a schedule (StageConfig.jobs['orders-deadline']): rejects the orders still PENDING past their
 * deadline, oldest first, a bounded number per run. A run that fails is simply redone by the
 * next one: everything it decides is read again then.
 */
export const handler = async (_event: unknown, context: Context): Promise<ExpiryReport> => {
  logger.addContext(context);
  const cutoff = new Date(Date.now() - deadlineSeconds * 1000).toISOString();
  const report = await expireOverdueOrders(store, cutoff, maxPerRun);
  if (report.found > 0) logger.info('Orders past their deadline', { ...report, deadlineSeconds, maxPerRun });
  return report;
};
