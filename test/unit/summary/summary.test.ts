import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../lambdas/notifications/notifications';
import type { Order } from '../../../lambdas/orders/orders';
import { NotFoundError } from '../../../lambdas/shared/errors';
import { LATEST_NOTIFICATIONS_LIMIT, RECENT_ORDERS_LIMIT } from '../../../lambdas/summary/contract';
import {
  failedParts,
  readSummary,
  summarize,
  type NotificationsDigest,
  type SummaryReads,
  type SummaryStore,
} from '../../../lambdas/summary/summary';
import type { User } from '../../../lambdas/users/users';
import { NOW } from './fixtures';

const user: User = { id: 'user-1', name: 'Ada', email: 'ada@example.com', createdAt: NOW, updatedAt: NOW, version: 1 };
const order = { id: 'order-1', userId: 'user-1', items: [], totalCents: 0, status: 'PENDING', createdAt: NOW, updatedAt: NOW, version: 1 } as Order;
const notification: Notification = { id: 'event-1', userId: 'user-1', type: 'UserSignedUp', message: 'Welcome, Ada!', createdAt: NOW };
const digest: NotificationsDigest = { total: 1, totalIsExact: true, latest: [{ id: 'event-1', type: 'UserSignedUp', message: 'Welcome, Ada!', createdAt: NOW }] };

const fulfilled = <T>(value: T): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value });
const rejected = (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason });

const reads = (overrides: Partial<SummaryReads> = {}): SummaryReads => ({
  user: fulfilled(user),
  orders: fulfilled([order]),
  notifications: fulfilled(digest),
  ...overrides,
});

describe('summarize', () => {
  it('puts every part in and names none as missing when every read succeeded', () => {
    expect(summarize(reads())).toEqual({ user, recentOrders: [order], notifications: digest, partial: [] });
  });

  it('leaves a failed part null and names it in partial, keeping the others', () => {
    expect(summarize(reads({ orders: rejected(new Error('throttled')) }))).toEqual({
      user,
      recentOrders: null,
      notifications: digest,
      partial: ['orders'],
    });
  });

  it('names the missing parts in a fixed order', () => {
    const summary = summarize(reads({ orders: rejected(new Error('a')), notifications: rejected(new Error('b')) }));

    expect(summary.partial).toEqual(['orders', 'notifications']);
  });

  it('refuses a missing user as not found, even when the other parts were read', () => {
    expect(() => summarize(reads({ user: fulfilled(undefined) }))).toThrow(NotFoundError);
  });

  it('fails with the cause when the user could not be read', () => {
    const cause = new Error('table unavailable');

    expect(() => summarize(reads({ user: rejected(cause) }))).toThrow(cause);
  });
});

describe('failedParts', () => {
  it('gives each failed part with its cause, for the log', () => {
    const cause = new Error('throttled');

    expect(failedParts(reads({ notifications: rejected(cause) }))).toEqual([{ part: 'notifications', reason: cause }]);
  });
});

describe('readSummary', () => {
  const store = (overrides: Partial<SummaryStore> = {}): SummaryStore => ({
    user: async () => user,
    recentOrders: async () => [order],
    latestNotifications: async () => [notification],
    countNotifications: async () => ({ total: 1, exact: true }),
    ...overrides,
  });

  it('asks for the newest orders and notifications within the summary limits', async () => {
    const asked: Record<string, number> = {};

    await readSummary(
      store({
        recentOrders: async (_, limit) => ((asked.orders = limit), []),
        latestNotifications: async (_, limit) => ((asked.notifications = limit), []),
      }),
      'user-1',
    );

    expect(asked).toEqual({ orders: RECENT_ORDERS_LIMIT, notifications: LATEST_NOTIFICATIONS_LIMIT });
    expect([RECENT_ORDERS_LIMIT, LATEST_NOTIFICATIONS_LIMIT]).toEqual([5, 3]);
  });

  it('shows notifications without their recipient, with the count beside them', async () => {
    const result = await readSummary(store({ countNotifications: async () => ({ total: 40, exact: false }) }), 'user-1');

    expect(result.notifications).toEqual(
      fulfilled({ total: 40, totalIsExact: false, latest: [{ id: 'event-1', type: 'UserSignedUp', message: 'Welcome, Ada!', createdAt: NOW }] }),
    );
  });

  it('turns a failing read into a rejected part instead of failing the whole', async () => {
    const cause = new Error('throttled');

    const result = await readSummary(store({ recentOrders: async () => Promise.reject(cause) }), 'user-1');

    expect(result.orders).toEqual(rejected(cause));
    expect(result.user).toEqual(fulfilled(user));
  });
});
