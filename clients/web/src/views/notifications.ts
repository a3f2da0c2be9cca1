/** The user's notifications, newest first. */
import type { ApiClient, Notification } from '@serverless-gateway-events/client';
import { fill, formatDate, h } from '../dom';
import type { ProblemRegion } from './problem';

export class NotificationsView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'notifications', 'aria-live': 'polite' });

  constructor(
    private readonly api: ApiClient,
    private readonly userId: string,
    private readonly problems: ProblemRegion,
  ) {
    this.element = h(
      'section',
      { 'aria-labelledby': 'notifications-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'notifications-heading' }, 'Notifications'), h('button', { type: 'button', class: 'secondary', onclick: () => void this.refresh() }, 'Refresh notifications')),
      this.list,
    );
  }

  async refresh(): Promise<void> {
    const outcome = await this.api.listUserNotifications({ userId: this.userId, limit: 20 });
    if (!outcome.ok) return this.problems.show(outcome);
    const { items } = outcome.data;
    if (items.length === 0) return fill(this.list, h('li', { class: 'empty' }, 'No notifications yet.'));
    fill(this.list, ...items.map((item) => this.item(item)));
  }

  /** A pushed notification, first in the list (unless a refresh already shows it). */
  prepend(notification: Notification): void {
    if ([...this.list.children].some((item) => item instanceof HTMLElement && item.dataset.id === notification.id)) return;
    this.list.querySelector('.empty')?.remove();
    this.list.prepend(this.item(notification));
  }

  private item(notification: Notification): HTMLElement {
    return h(
      'li',
      { class: 'notification', 'data-type': notification.type, 'data-id': notification.id },
      h('p', {}, notification.message),
      h('time', { datetime: notification.createdAt }, formatDate(notification.createdAt)),
    );
  }
}
