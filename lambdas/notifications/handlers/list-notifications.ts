import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { listUserNotifications } from '../contract';
import { assertCanReadNotifications } from '../notifications';
import { dynamoDbNotificationsStore } from '../store';

const store = dynamoDbNotificationsStore(documentClient, { notifications: tableName('notifications') });

/** GET /v1/users/{id}/notifications: a user's notifications (to them or an admin), newest first, a page at a time. */
export const handler = routeHandler(
  listUserNotifications,
  async ({ params, query }) => {
    const { items, nextCursor } = await store.listForUser(params.id, query);
  return { body: { items: items.map(({ id, type, message, createdAt }) => ({ id, type, message, createdAt })), nextCursor } };
  },
  { authorize: ({ caller, params }) => assertCanReadNotifications(caller, params.id) },
);
