/**
 * API Gateway's method throttling, from the declaration as the stack sets it (lib/stacks/api-stack.ts):
 * a route's own `throttle`, else the app's `writeThrottle` for a write, else none. One token
 * bucket per route, shared by every caller, checked after the stage's. A load test raises every
 * route's limits for one run with ROUTE_THROTTLE_RATE and ROUTE_THROTTLE_BURST.
 */
import { routeThrottle, type ApplicationDeclaration, type RouteDeclaration } from '../../lib/declaration';
import { TokenBucket } from './throttle';
import type { ThrottleOverride } from './usage-plans';

export class RouteThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(declaration: Pick<ApplicationDeclaration, 'routes' | 'writeThrottle'>, now: () => number = Date.now, override: ThrottleOverride = {}) {
    for (const route of declaration.routes) {
      const throttle = routeThrottle(route, declaration);
      if (throttle) this.buckets.set(route.id, new TokenBucket(override.rateLimit ?? throttle.rateLimit, override.burstLimit ?? throttle.burstLimit, now));
    }
  }

  /** Takes a token from the route's bucket; true when the route has none or a token was left. */
  take(route: Pick<RouteDeclaration, 'id'>): boolean {
    return this.buckets.get(route.id)?.take() ?? true;
  }
}
