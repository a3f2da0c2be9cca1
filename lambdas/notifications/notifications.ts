import type { Envelope } from '../shared/events/envelope';
import { NotFoundError } from '../shared/errors';
import type { Caller } from '../shared/http/caller';

/** The events that notify a user; the consumer's subscription in lib/app.ts lists the same ones. */
export type NotifyingEventType = 'UserSignedUp' | 'OrderConfirmed' | 'OrderRejected' | 'OrderCancelled';

/** One of those events, as a union narrowed by `type`. */
export type NotifyingEvent = { [T in NotifyingEventType]: Envelope<T> }[NotifyingEventType];

export interface Notification {
  /** The causing event's id: one event can never produce two notifications. */
  readonly id: string;
  readonly userId: string;
  readonly type: NotifyingEventType;
  readonly message: string;
  /** When the event happened, not when it was delivered: redeliveries do not reorder the list. */
  readonly createdAt: string;
}

const recipientAndMessage = (event: NotifyingEvent): { userId: string; message: string } => {
  switch (event.type) {
    case 'UserSignedUp':
      return { userId: event.data.userId, message: `Welcome, ${event.data.name}!` };
    case 'OrderConfirmed':
      return { userId: event.data.userId, message: `Your order ${event.data.orderId} is confirmed.` };
    case 'OrderRejected':
      return { userId: event.data.userId, message: `Your order ${event.data.orderId} was rejected: ${event.data.reason}` };
    case 'OrderCancelled':
      return { userId: event.data.userId, message: `Your order ${event.data.orderId} was cancelled.` };
  }
};

/** The notification an event gives its user. */
export const notificationFor = (event: NotifyingEvent): Notification => ({
  id: event.id,
  type: event.type,
  createdAt: event.occurredAt,
  ...recipientAndMessage(event),
});

/**
 * Notifications are private to their user: nobody else, admins included, may list them, and
 * they are told the user does not exist rather than that they may not look.
 */
export const assertCanListNotifications = (caller: Caller, userId: string): void => {
  if (caller.id !== userId) throw new NotFoundError('User');
};
