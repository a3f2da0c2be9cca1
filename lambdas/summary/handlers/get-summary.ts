import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { pathParameter, requireNoBody } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { logger } from '../../shared/powertools';
import { dynamoDbSummaryStore } from '../store';
import { assertCanReadSummary, failedParts, readSummary, summarize } from '../summary';

const store = dynamoDbSummaryStore(documentClient, {
  users: tableName('users'),
  orders: tableName('orders'),
  notifications: tableName('notifications'),
});

/**
 * GET /v1/users/{id}/summary: the owner or an admin gets the profile, recent orders and latest
 * notifications at once. Anyone else is told the user does not exist, before anything is read.
 */
export const handler = httpHandler(async (event) => {
  const caller = requireCaller(event);
  const userId = pathParameter(event, 'id');
  assertCanReadSummary(caller, userId);
  requireNoBody(event);
  const reads = await readSummary(store, userId);
  const summary = summarize(reads);
  // Logged here, answered only as `partial`: the client learns what is missing, never why.
  for (const { part, reason } of failedParts(reads)) logger.warn('Summary part unavailable', { part, error: reason as Error });
  return json(200, summary);
});
