/** The notifications service: a message to a user for each event that concerns them. */
import * as z from 'zod/mini';
import { OrderCancelled, OrderConfirmed, OrderRejected } from '../orders/events';
import { pageQuery } from '../shared/pagination';
import { defineService } from '../shared/contract';
import { component, described, pageOf, timestamp, ulid } from '../shared/responses';
import { UserSignedUp } from '../users/events';

/** The events that notify a user: the consumer's subscription, and the types a notification can have. */
const notifyingEvents = [UserSignedUp, OrderConfirmed, OrderRejected, OrderCancelled] as const;
export type NotifyingEventType = (typeof notifyingEvents)[number]['type'];

export const notificationResponse = component(
  'Notification',
  'A notification to its user',
  z.object({
    id: described('The id of the event that caused it', ulid),
    type: z.enum(notifyingEvents.map((event) => event.type) as [NotifyingEventType, ...NotifyingEventType[]]),
    message: z.string(),
    createdAt: timestamp,
  }),
);

export const notifications = defineService({
  name: 'notifications',
  table: { gsi1: false },
  events: [],
  routes: {
    listUserNotifications: {
      version: 'v1', method: 'GET', path: '/users/{id}/notifications',
      handler: 'lambdas/notifications/handlers/list-notifications.ts',
      callers: 'owner', summary: "A user's notifications, newest first", successStatus: 200,
      access: { notifications: ['Query'] }, query: pageQuery, response: pageOf('NotificationPage', notificationResponse),
    },
  },
  consumers: {
    // Nobody waits on a notification: a short window fills larger batches, fewer invocations.
    notifications: {
      handler: 'lambdas/notifications/handlers/consume.ts', events: notifyingEvents,
      access: { notifications: ['PutItem'] },
      batchSize: 25, maxBatchingWindowSeconds: 2, maxConcurrency: 2, timeoutSeconds: 30, maxReceiveCount: 5,
    },
  },
});
