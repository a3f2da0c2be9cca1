import type { Actor } from '../shared/actor';
import { createEvent, type Envelope } from '../shared/events/envelope';
import { NotFoundError } from '../shared/errors';
import type { notificationsConsumer } from './contract';
import { NotificationCreated, type NotifyingEventType } from './events';

type NotifyingEventContract = (typeof notificationsConsumer.events)[number];
/** One of the events the consumer subscribes to (its contract), as a union narrowed by `type`. */
export type NotifyingEvent = NotifyingEventContract extends infer E ? (E extends NotifyingEventContract ? Envelope<E> : never) : never;

export interface Notification {
  /** The causing event's id: one event can never produce two notifications. */
  readonly id: string;
  readonly userId: string;
  readonly type: NotifyingEventType;
  readonly message: string;
  /** When the event happened, not when it was delivered: redeliveries do not reorder the list. */
  readonly createdAt: string;
}

/**
 * Who each event notifies, and what it tells them: one entry per event the consumer subscribes
 * to, so subscribing to another event does not compile until it has its message here.
 */
const MESSAGES: { [T in NotifyingEventType]: (event: Extract<NotifyingEvent, { type: T }>) => { userId: string; message: string } } = {
  UserSignedUp: ({ data }) => ({ userId: data.userId, message: `Welcome, ${data.name}!` }),
  OrderConfirmed: ({ data }) => ({ userId: data.userId, message: `Your order ${data.orderId} is confirmed.` }),
  OrderRejected: ({ data }) => ({ userId: data.userId, message: `Your order ${data.orderId} was rejected: ${data.reason}` }),
  OrderCancelled: ({ data }) => ({ userId: data.userId, message: `Your order ${data.orderId} was cancelled.` }),
};

const recipientAndMessage = <E extends NotifyingEvent>(event: E) =>
  (MESSAGES[event.type as E['type']] as (event: E) => { userId: string; message: string })(event);

/** The notification an event gives its user. */
export const notificationFor = (event: NotifyingEvent): Notification => ({
  id: event.id,
  type: event.type,
  createdAt: event.occurredAt,
  ...recipientAndMessage(event),
});

/**
 * The event that announces a notification to whoever listens (the user's open apps): the
 * notification itself, about its user, in the causing event's correlation.
 */
export const notificationCreated = (notification: Notification, correlationId: string): Envelope<typeof NotificationCreated> =>
  createEvent(NotificationCreated, notification.userId, { ...notification }, correlationId);

/**
 * Who may read a user's notifications, for every route that returns them (their list, the
 * summary): the user and admins. A notification only restates what an admin may already read
 * (the user's name at sign-up, their orders' ids, statuses and rejection reasons), so hiding it
 * from admins would protect nothing while splitting one resource into two rules. Anyone else is
 * told the user does not exist rather than that they may not look.
 */
export const assertCanReadNotifications = (caller: Actor, userId: string): void => {
  if (caller.id !== userId && !caller.isAdmin) throw new NotFoundError('User');
};
