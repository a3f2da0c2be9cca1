import type { Page, PageQuery } from '../shared/pagination';
import type { Notification } from './notifications';

/** Whether a save wrote the notification, or found it already written by an earlier delivery. */
export type SaveOutcome = 'applied' | 'duplicate';

/** What the notifications domain needs from storage. */
export interface NotificationsStore {
  save(notification: Notification): Promise<SaveOutcome>;
  /** Newest first. */
  listForUser(userId: string, page: PageQuery): Promise<Page<Notification>>;
}
