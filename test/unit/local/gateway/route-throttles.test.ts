import { describe, expect, it } from 'vitest';
import { app } from '../../../../lib/app';
import { routeThrottle } from '../../../../lib/declaration';
import { RouteThrottles } from '../../../../local/gateway/route-throttles';
import { throttleOverrideFromEnv } from '../../../../local/gateway/usage-plans';

const takeAll = (throttles: RouteThrottles, id: string, times: number): number =>
  Array.from({ length: times }, () => throttles.take({ id })).filter(Boolean).length;

describe('RouteThrottles', () => {
  const now = 1_000_000;

  it.each(app.routes.map((route) => [route.id, routeThrottle(route, app)] as const))('gives %s the burst the stack gives it', (id, throttle) => {
    const throttles = new RouteThrottles(app, () => now);

    expect(takeAll(throttles, id, 2_000)).toBe(throttle?.burstLimit ?? 2_000);
  });

  it('refills a route at its declared rate, and keeps each route to its own bucket', () => {
    let clock = now;
    const throttles = new RouteThrottles(app, () => clock);
    const signUp = app.routes.find((route) => route.method === 'POST' && route.throttle)!;
    const other = app.routes.find((route) => routeThrottle(route, app) && route.id !== signUp.id)!;
    takeAll(throttles, signUp.id, 1_000);

    clock += 1_000;

    expect(takeAll(throttles, signUp.id, 1_000)).toBe(signUp.throttle!.rateLimit);
    expect(takeAll(throttles, other.id, 1_000)).toBe(routeThrottle(other, app)!.burstLimit);
  });

  it('gives every throttled route the limits of ROUTE_THROTTLE_RATE and ROUTE_THROTTLE_BURST when a run sets them, and leaves the others unthrottled', () => {
    const throttles = new RouteThrottles(app, () => now, throttleOverrideFromEnv({ ROUTE_THROTTLE_RATE: '1', ROUTE_THROTTLE_BURST: '7' }, 'ROUTE_THROTTLE'));

    for (const route of app.routes) expect(takeAll(throttles, route.id, 100)).toBe(routeThrottle(route, app) ? 7 : 100);
  });
});
