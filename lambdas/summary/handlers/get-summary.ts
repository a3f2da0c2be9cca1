import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { logger } from '../../shared/powertools';
import { assertCanReadNotifications } from '../../notifications/notifications';
import { assertCanRead } from '../../users/users';
import { getUserSummary } from '../contract';
import { dynamoDbSummaryStore } from '../store';
import { failedParts, readSummary, summarize } from '../summary';

const store = dynamoDbSummaryStore(documentClient, {
  users: tableName('users'),
  orders: tableName('orders'),
  notifications: tableName('notifications'),
});

/**
 * GET /v1/users/{id}/summary: the owner or an admin gets the profile, recent orders and latest
 * notifications at once. Anyone else is told the user does not exist, before anything is read.
 */
export const handler = routeHandler(
  getUserSummary,
  async ({ params }) => {
    const reads = await readSummary(store, params.id);
  const body = summarize(reads);
  // Logged here, answered only as `partial`: the client learns what is missing, never why.
  for (const { part, reason } of failedParts(reads)) logger.warn('Summary part unavailable', { part, error: reason as Error });
  return { body };
  },
  {
    // Each part under its owner's rule: the summary shows nothing its own route would refuse.
    authorize: ({ caller, params }) => {
      assertCanRead(caller, params.id);
      assertCanReadNotifications(caller, params.id);
    },
  },
);
