/**
 * The summary: an aggregating endpoint that owns no table. It reads the users, orders and
 * notifications services' data through the readers each of them exports, never their keys.
 */
import * as z from 'zod/mini';
import { notificationResponse } from '../notifications/contract';
import { orderResponse } from '../orders/contract';
import { defineService, route } from '../shared/contract';
import { component, described, documentation } from '../shared/responses';
import { userResponse } from '../users/contract';

export const RECENT_ORDERS_LIMIT = 5;
export const LATEST_NOTIFICATIONS_LIMIT = 3;

export const summaryResponse = /* @__PURE__ */ documentation(() => {
  docs: return component(
    'UserSummary',
    "A user's profile, recent orders and notifications in one response",
    z.object({
      user: userResponse,
      recentOrders: described(
        `Up to ${RECENT_ORDERS_LIMIT} orders, newest first; null when they could not be read`,
        z.nullable(z.array(orderResponse).check(z.maxLength(RECENT_ORDERS_LIMIT))),
      ),
      notifications: described(
        'null when they could not be read',
        z.nullable(
          z.object({
            total: z.int().check(z.minimum(0)),
            totalIsExact: described(
              'false when the user has so many notifications that counting stopped early: `total` is then a lower bound',
              z.boolean(),
            ),
            latest: described(
              `Up to ${LATEST_NOTIFICATIONS_LIMIT}, newest first`,
              z.array(notificationResponse).check(z.maxLength(LATEST_NOTIFICATIONS_LIMIT)),
            ),
          }),
        ),
      ),
      partial: described(
        'The parts that could not be read (and are null); empty when the summary is complete',
        z.array(z.enum(['orders', 'notifications'])),
      ),
    }),
  );
});

export const getUserSummary = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/users/{id}/summary', handler: 'lambdas/summary/handlers/get-summary.ts',
  callers: 'owner or admin',
  summary: 'Profile, 5 newest orders and latest notifications at once (partial if a part is unavailable)',
  successStatus: 200,
  // Read-only and in parallel, through each owner's reader.
  access: { users: ['GetItem'], orders: ['Query'], notifications: ['Query'] },
  response: summaryResponse,
});

export const summary = /* @__PURE__ */ defineService({ name: 'summary', events: [], consumers: {}, routes: { getUserSummary } });
