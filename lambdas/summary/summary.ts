/**
 * A user's summary: their profile, recent orders and latest notifications in one response, read
 * from three services' tables (read-only) in parallel. The profile is the anchor; the other parts
 * are best effort: one that cannot be read is null and named in `partial`, and the rest is still served.
 */
import type { Notification } from '../notifications/notifications';
import type { Order } from '../orders/orders';
import { NotFoundError } from '../shared/errors';
import type { User } from '../users/users';
import { LATEST_NOTIFICATIONS_LIMIT, RECENT_ORDERS_LIMIT } from './contract';

/** The parts that may be missing from a summary; the user never is (without it there is no summary). */
export type SummaryPart = 'orders' | 'notifications';

/** How many notifications a user has; `exact` is false when the owner's reader stopped counting early. */
interface NotificationCount {
  readonly total: number;
  readonly exact: boolean;
}

/** A notification as its user sees it: the recipient is implied. */
type NotificationView = Omit<Notification, 'userId'>;

export interface NotificationsDigest {
  readonly total: number;
  readonly totalIsExact: boolean;
  readonly latest: NotificationView[];
}

export interface Summary {
  readonly user: User;
  readonly recentOrders: Order[] | null;
  readonly notifications: NotificationsDigest | null;
  readonly partial: SummaryPart[];
}

/** What a summary needs from storage. Each read stands alone, so they can run side by side. */
export interface SummaryStore {
  user(userId: string): Promise<User | undefined>;
  /** Newest first, at most `limit`. */
  recentOrders(userId: string, limit: number): Promise<Order[]>;
  /** Newest first, at most `limit`. */
  latestNotifications(userId: string, limit: number): Promise<Notification[]>;
  countNotifications(userId: string): Promise<NotificationCount>;
}

/** The outcome of each read, failures included. */
export interface SummaryReads {
  readonly user: PromiseSettledResult<User | undefined>;
  readonly orders: PromiseSettledResult<Order[]>;
  readonly notifications: PromiseSettledResult<NotificationsDigest>;
}

const viewOf = ({ id, type, message, createdAt }: Notification): NotificationView => ({ id, type, message, createdAt });

/**
 * Runs every read at once: the response takes as long as the slowest table, not their sum, and
 * a failing table fails only its own part.
 */
export const readSummary = async (store: SummaryStore, userId: string): Promise<SummaryReads> => {
  const notifications = Promise.all([
    store.latestNotifications(userId, LATEST_NOTIFICATIONS_LIMIT),
    store.countNotifications(userId),
  ]).then(([latest, count]): NotificationsDigest => ({ total: count.total, totalIsExact: count.exact, latest: latest.map(viewOf) }));
  const [user, orders, digest] = await Promise.allSettled([
    store.user(userId),
    store.recentOrders(userId, RECENT_ORDERS_LIMIT),
    notifications,
  ]);
  return { user, orders, notifications: digest };
};

/** The parts whose read failed, with why, for the log; never for the response. */
export const failedParts = (reads: SummaryReads): { part: SummaryPart; reason: unknown }[] => [
  ...(reads.orders.status === 'rejected' ? [{ part: 'orders' as const, reason: reads.orders.reason }] : []),
  ...(reads.notifications.status === 'rejected' ? [{ part: 'notifications' as const, reason: reads.notifications.reason }] : []),
];

/**
 * The summary from what the reads returned. A missing user is a 404 whatever the other parts say
 * (they are then simply empty). A failed user read is rethrown: without the anchor nothing can
 * be said, not even whether the user exists, so the request fails as a whole (500).
 */
export const summarize = (reads: SummaryReads): Summary => {
  if (reads.user.status === 'rejected') throw reads.user.reason;
  if (!reads.user.value) throw new NotFoundError('User');
  return {
    user: reads.user.value,
    recentOrders: reads.orders.status === 'fulfilled' ? reads.orders.value : null,
    notifications: reads.notifications.status === 'fulfilled' ? reads.notifications.value : null,
    partial: failedParts(reads).map(({ part }) => part),
  };
};
