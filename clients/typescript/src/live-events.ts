/**
 * The events the API pushes to a signed-in user's open apps (`client.live`), typed from the
 * AsyncAPI document's messages (src/generated/events.ts, `npm run openapi`): a change of an event
 * changes them with the document, never by hand.
 */
import type { components } from './generated/events';
import type { Notification } from './types';

type Messages = components['schemas'];

/** What the socket carries of an event: its envelope, without the fields only the backend reads. */
type Pushed<M extends { readonly type: string }> = Pick<M, Extract<keyof M, 'type' | 'id' | 'occurredAt' | 'correlationId' | 'subject' | 'data'>>;

/**
 * NotificationCreated, from the AsyncAPI document once the notifications service declares it; until
 * then from the API's `Notification` schema, the data the event carries (the same envelope around it).
 */
type NotificationCreatedMessage = Messages extends { readonly NotificationCreated: infer M extends { readonly type: string } }
  ? M
  : { readonly type: 'NotificationCreated'; readonly id: string; readonly occurredAt: string; readonly correlationId: string; readonly subject: string; readonly data: Notification };

/** Each event type the API pushes (the live contract: the user's own order decisions and notifications), by type. */
export interface LiveEvents {
  readonly OrderConfirmed: Pushed<Messages['OrderConfirmed']>;
  readonly OrderRejected: Pushed<Messages['OrderRejected']>;
  readonly OrderCancelled: Pushed<Messages['OrderCancelled']>;
  readonly NotificationCreated: Pushed<NotificationCreatedMessage>;
}

export type LiveEventType = keyof LiveEvents;
/** Any pushed event: narrow it by `type`. */
export type LiveEvent = LiveEvents[LiveEventType];
