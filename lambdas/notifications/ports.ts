import type { Page, PageQuery } from '../shared/pagination';
import type { Notification } from './notifications';

/** Whether a save wrote the notification, or found it already written by an earlier delivery. */
type SaveOutcome = 'applied' | 'duplicate';

/** What the notifications domain needs from storage. */
export interface NotificationsStore {
  save(notification: Notification): Promise<SaveOutcome>;
  /** Newest first. */
  listForUser(userId: string, page: PageQuery): Promise<Page<Notification>>;
}

/** How many notifications a user has; `exact` is false when counting stopped early. */
export interface NotificationCount {
  readonly total: number;
  readonly exact: boolean;
}
