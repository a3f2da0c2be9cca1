import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { parseQuery, pathParameter, requireNoBody } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { pageQuery } from '../../shared/pagination';
import { assertCanListNotifications } from '../notifications';
import { dynamoDbNotificationsStore } from '../store';

const store = dynamoDbNotificationsStore(documentClient, tableName('notifications'));

/** GET /v1/users/{id}/notifications: the owner's notifications, newest first, a page at a time. */
export const handler = httpHandler(async (event) => {
  const caller = requireCaller(event);
  const userId = pathParameter(event, 'id');
  assertCanListNotifications(caller, userId);
  requireNoBody(event);
  const page = parseQuery(event, pageQuery);
  const { items, nextCursor } = await store.listForUser(userId, page);
  return json(200, {
    items: items.map(({ id, type, message, createdAt }) => ({ id, type, message, createdAt })),
    nextCursor,
  });
});
