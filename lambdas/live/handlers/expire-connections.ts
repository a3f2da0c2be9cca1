import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Context } from 'aws-lambda';
import { documentClient } from '../../shared/clients';
import { MAX_PER_RUN_ENV, positiveIntEnv, requireEnv, SOCKET_CONNECTIONS_ENDPOINT_ENV, tableName } from '../../shared/env';
import { logger } from '../../shared/powertools';
import { closeExpiredConnections, type ExpirySweepReport } from '../expiry';
import { dynamoDbExpiredConnections } from '../expiry-store';
import { managementApiPoster } from '../management-api';

const connections = dynamoDbExpiredConnections(documentClient, { live: tableName('live') });
// As for the consumer: the stack grants execute-api:ManageConnections on this socket's connections alone.
const poster = managementApiPoster(new ApiGatewayManagementApiClient({ endpoint: requireEnv(SOCKET_CONNECTIONS_ENDPOINT_ENV) }));
const maxPerRun = positiveIntEnv(MAX_PER_RUN_ENV);

/**
 * Run on a schedule (StageConfig.jobs['live-expiry']): closes the connections whose token has
 * expired and forgets them, a bounded number per run. A run that fails is redone by the next one.
 */
export const handler = async (_event: unknown, context: Context): Promise<ExpirySweepReport> => {
  logger.addContext(context);
  const report = await closeExpiredConnections(connections, poster, Math.floor(Date.now() / 1000), maxPerRun);
  if (report.found > 0) logger.info('Expired connections closed', { ...report, maxPerRun });
  return report;
};
