import { notificationsReader } from '../notifications/reader';
import { ordersReader } from '../orders/reader';
import type { StoreFactory } from '../shared/store';
import { usersReader } from '../users/reader';
import type { SummaryStore } from './summary';

/**
 * A summary's reads, each through the reader its owning service exports: the summary knows
 * none of their tables' keys, and writes to none of them.
 */
export const dynamoDbSummaryStore: StoreFactory<SummaryStore, 'users' | 'orders' | 'notifications'> = (client, tables) => {
  const users = usersReader(client, tables);
  const orders = ordersReader(client, tables);
  const notifications = notificationsReader(client, tables);
  return {
    user: (userId) => users.profile(userId),
    recentOrders: (userId, limit) => orders.recentOrders(userId, limit),
    latestNotifications: (userId, limit) => notifications.latest(userId, limit),
    countNotifications: (userId) => notifications.count(userId),
  };
};
