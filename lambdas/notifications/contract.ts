/** The notifications service: a message to a user for each event that concerns them. */
import * as z from 'zod/mini';
import { pageQuery } from '../shared/pagination';
import { consumer, defineService, route } from '../shared/contract';
import { component, described, documentation, pageOf, timestamp, ulid } from '../shared/responses';
import { NotificationCreated, notifyingEvents, type NotifyingEventType } from './events';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

/** Nobody waits on a notification: a short window fills larger batches, fewer invocations. */
export const notificationsConsumer = /* @__PURE__ */ consumer({
  handler: 'lambdas/notifications/handlers/consume.ts', events: notifyingEvents,
  // A transaction: the notification and its NotificationCreated event in the outbox.
  access: { notifications: ['PutItem'] },
  batchSize: 25, maxBatchingWindowSeconds: 2, maxConcurrency: 2, timeoutSeconds: 30, maxReceiveCount: 5,
});


export const notificationResponse = /* @__PURE__ */ documentation(() => {
  docs: return component(
    'Notification',
    'A notification to its user',
    z.object({
      id: described('The id of the event that caused it', ulid),
      type: z.enum(notificationsConsumer.events.map((event) => event.type) as [NotifyingEventType, ...NotifyingEventType[]]),
      message: z.string(),
      createdAt: timestamp,
    }),
  );
});

export const listUserNotifications = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/users/{id}/notifications', handler: 'lambdas/notifications/handlers/list-notifications.ts',
  callers: 'owner or admin', summary: "A user's notifications, newest first", successStatus: 200,
  access: { notifications: ['Query'] }, query: pageQuery, response: /* @__PURE__ */ pageOf('NotificationPage', notificationResponse),
});

export const notifications = /* @__PURE__ */ defineService({
  name: 'notifications',
  table: { gsi1: false },
  events: [NotificationCreated],
  routes: { listUserNotifications },
  consumers: { notifications: notificationsConsumer },
});
