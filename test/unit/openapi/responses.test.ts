/**
 * The OpenAPI response schemas are written by hand beside the services' types; these checks run
 * in `tsc --noEmit` (and as no-ops in vitest) and fail the build when the two drift apart.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { api } from '../../../lambdas/api/contract';
import type { notifications, notificationResponse } from '../../../lambdas/notifications/contract';
import type { orders, orderResponse } from '../../../lambdas/orders/contract';
import type { products, productResponse } from '../../../lambdas/products/contract';
import type { summaryResponse } from '../../../lambdas/summary/contract';
import type { userResponse } from '../../../lambdas/users/contract';
import type { problemResponse } from '../../../lib/openapi-responses';

type productPageResponse = (typeof products.routes.listProducts)['response'];
type orderPageResponse = (typeof orders.routes.listUserOrders)['response'];
type notificationPageResponse = (typeof notifications.routes.listUserNotifications)['response'];
type healthResponse = (typeof api.routes.getHealth)['response'];
import type { Notification } from '../../../lambdas/notifications/notifications';
import type { Order } from '../../../lambdas/orders/orders';
import type { Product } from '../../../lambdas/products/products';
import type { Problem } from '../../../lambdas/shared/http/problem';
import type { Page } from '../../../lambdas/shared/pagination';
import type { Summary } from '../../../lambdas/summary/summary';
import type { User } from '../../../lambdas/users/users';

/** `readonly` says nothing about the JSON on the wire. */
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;
/** Each assignable to the other: the same JSON. */
type Same<A, B> = [Writable<A>] extends [Writable<B>] ? ([Writable<B>] extends [Writable<A>] ? true : false) : false;

describe('OpenAPI response schemas', () => {
  it('describe exactly the bodies the handlers build from the services’ types', () => {
    expectTypeOf<Same<z.infer<typeof userResponse>, User>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<typeof productResponse>, Product>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<typeof orderResponse>, Order>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<typeof notificationResponse>, Omit<Notification, 'userId'>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<productPageResponse>, Page<Product>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<orderPageResponse>, Page<Order>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<notificationPageResponse>, Page<Omit<Notification, 'userId'>>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<typeof summaryResponse>, Summary>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.infer<typeof problemResponse>, Problem>>().toEqualTypeOf<true>();
    expectTypeOf<z.infer<healthResponse>>().toEqualTypeOf<{ status: 'ok' }>();
  });
});
