export const USERS_TABLE = 'users-test-table';
export const ORDERS_TABLE = 'orders-test-table';
export const NOTIFICATIONS_TABLE = 'notifications-test-table';
export const NOW = '2025-03-01T10:00:00.000Z';

/** A user item as the users table holds it (docs/data-model.md). */
export const storedUser = (id = 'user-1') => ({
  pk: `USER#${id}`,
  sk: 'PROFILE',
  kind: 'user',
  id,
  name: 'Ada',
  email: 'ada@example.com',
  createdAt: NOW,
  updatedAt: NOW,
  version: 2,
});

/** An order as a query projected to its public attributes returns it. */
export const projectedOrder = (id: string, userId = 'user-1') => ({
  id,
  userId,
  items: [{ productId: '01JNB3W5M2ZQ4Y0P9R6S7T8V9P', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  status: 'CONFIRMED',
  createdAt: NOW,
  updatedAt: NOW,
  version: 2,
});

/** A notification item as the notifications table holds it. */
export const storedNotification = (eventId: string, userId = 'user-1') => ({
  pk: `USER#${userId}`,
  sk: `NOTIFICATION#${eventId}`,
  kind: 'notification',
  id: eventId,
  userId,
  type: 'OrderConfirmed',
  message: `Your order ${eventId} is confirmed.`,
  createdAt: NOW,
  expiresAt: 1_756_375_200,
});

/** The notification as its user is shown it. */
export const notificationView = (eventId: string) => ({
  id: eventId,
  type: 'OrderConfirmed',
  message: `Your order ${eventId} is confirmed.`,
  createdAt: NOW,
});
