import type { Envelope } from '../shared/events/envelope';
import type { Page, PageQuery } from '../shared/pagination';
import type { NotificationCreated } from './events';
import type { Notification } from './notifications';

/** Whether a save wrote the notification, or found it already written by an earlier delivery. */
type SaveOutcome = 'applied' | 'duplicate';

/** What the notifications domain needs from storage. */
export interface NotificationsStore {
  /** Writes the notification with the event that announces it, or neither when it exists already. */
  save(notification: Notification, created: Envelope<typeof NotificationCreated>): Promise<SaveOutcome>;
  /** Newest first. */
  listForUser(userId: string, page: PageQuery): Promise<Page<Notification>>;
}

/** How many notifications a user has; `exact` is false when counting stopped early. */
export interface NotificationCount {
  readonly total: number;
  readonly exact: boolean;
}
