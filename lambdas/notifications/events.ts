/** The events the notifications service publishes, and the events that notify a user. */
import * as z from 'zod/mini';
import { OrderCancelled, OrderConfirmed, OrderRejected } from '../orders/events';
import { eventsOf } from '../shared/contract';
import { schema } from '../shared/schema';
import { UserSignedUp } from '../users/events';

const event = /* @__PURE__ */ eventsOf('notifications');

/** The events that notify a user: the consumer's subscription, and the types a notification can have. */
export const notifyingEvents = [UserSignedUp, OrderConfirmed, OrderRejected, OrderCancelled] as const;
export type NotifyingEventType = (typeof notifyingEvents)[number]['type'];

export const NotificationCreated = /* @__PURE__ */ event('NotificationCreated', {
  version: 1,
  description:
    'A user got a new notification. Its data is the notification as GET /v1/users/{id}/notifications returns it, with its userId (also the envelope\'s subject).',
  data: /* @__PURE__ */ schema(() => z.strictObject({
    id: z.string().check(z.minLength(1)),
    userId: z.string().check(z.minLength(1)),
    type: z.enum(notifyingEvents.map((notifying) => notifying.type) as [NotifyingEventType, ...NotifyingEventType[]]),
    message: z.string(),
    createdAt: z.iso.datetime(),
  })),
});
