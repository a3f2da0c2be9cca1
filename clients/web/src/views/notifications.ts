/** The user's notifications, newest first. */
import type { ShopApi } from '../api';
import { fill, formatDate, h } from '../dom';
import type { ProblemRegion } from './problem';

export class NotificationsView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'notifications', 'aria-live': 'polite' });

  constructor(
    private readonly api: ShopApi,
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
    const outcome = await this.api.listNotifications(this.userId);
    if (!outcome.ok) return this.problems.show(outcome);
    const { items } = outcome.value;
    if (items.length === 0) return fill(this.list, h('li', { class: 'empty' }, 'No notifications yet.'));
    fill(this.list, ...items.map((item) => h('li', { class: 'notification', 'data-type': item.type }, h('p', {}, item.message), h('time', { datetime: item.createdAt }, formatDate(item.createdAt)))));
  }
}
