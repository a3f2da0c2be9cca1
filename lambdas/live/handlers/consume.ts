import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { MAX_PUSHES_PER_USER_PER_MINUTE_ENV, positiveIntEnv, requireEnv, SOCKET_CONNECTIONS_ENDPOINT_ENV, tableName } from '../../shared/env';
import { logger } from '../../shared/powertools';
import { liveConsumer } from '../contract';
import { deliver, type LiveEvent } from '../live';
import { managementApiPoster } from '../management-api';
import { dynamoDbConnectionsStore, dynamoDbUserRateLimiter } from '../store';

const tables = { live: tableName('live') };
const store = dynamoDbConnectionsStore(documentClient, tables);
const budget = { limiter: dynamoDbUserRateLimiter(documentClient, tables), limitPerMinute: positiveIntEnv(MAX_PUSHES_PER_USER_PER_MINUTE_ENV) };
// Not handed to the declared-access guard, which knows tables and the topic only: the stack grants
// execute-api:ManageConnections on this socket's connections alone (test/infra checks it).
const poster = managementApiPoster(new ApiGatewayManagementApiClient({ endpoint: requireEnv(SOCKET_CONNECTIONS_ENDPOINT_ENV) }));

const push = async (event: LiveEvent) => {
  const report = await deliver(event, store, poster, budget, Math.floor(Date.now() / 1000));
  logger.info('Event pushed', { eventId: event.id, ...report });
  return report.delivered > 0 ? ('applied' as const) : ('ignored' as const);
};

/** Pushes each user's order outcomes and notifications to their open connections. */
export const handler = sqsConsumer(liveConsumer, {
  OrderConfirmed: push,
  OrderRejected: push,
  OrderCancelled: push,
  NotificationCreated: push,
});
