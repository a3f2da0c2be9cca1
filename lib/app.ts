/**
 * THE application: the services' contracts composed with the app-wide settings (client apps,
 * relay, throttling, CORS). Plain data; it imports neither CDK nor the AWS SDK. The CDK stacks
 * (lib/stacks), the local runtime (local/), the OpenAPI and AsyncAPI documents and the README's
 * reference are all generated from it, so they cannot drift apart.
 *
 * Adding a service = its folder under lambdas/ with a contract.ts, and one line in `services`.
 */
import { api } from '../lambdas/api/contract';
import { live } from '../lambdas/live/contract';
import { notifications } from '../lambdas/notifications/contract';
import { orders } from '../lambdas/orders/contract';
import { products } from '../lambdas/products/contract';
import { OUTBOX_PREFIX } from '../lambdas/shared/outbox';
import { summary } from '../lambdas/summary/contract';
import { users } from '../lambdas/users/contract';
import { composeApp } from './compose';

export const services = [api, users, products, orders, notifications, summary, live] as const;

export const app = composeApp(services, {
  name: 'ServerlessGatewayEvents',
  relay: {
    // Every event of a request waits on the relay, so no batching window; a stream shard is
    // polled four times a second anyway. Retries are finite: a record that keeps failing is
    // parked on the on-failure queue (bisecting first to isolate it), never dropped.
    handler: 'lambdas/relay/handlers/relay.ts',
    filterPattern: { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: OUTBOX_PREFIX }] } } } },
    batchSize: 100, maxBatchingWindowSeconds: 0, retryAttempts: 5, maxRecordAgeSeconds: 3600, timeoutSeconds: 30,
  },
  // One key per app, shared by all of its users: the limits are the app's share of the stage's
  // throttle (which still caps the total). TVs poll little and are the first to shed load.
  clientApps: {
    web: { description: 'The browser app', usagePlan: { rateLimit: 200, burstLimit: 400, quotaPerDay: 5_000_000 } },
    mobile: { description: 'The iOS and Android apps', usagePlan: { rateLimit: 150, burstLimit: 300, quotaPerDay: 4_000_000 } },
    desktop: { description: 'The desktop app', usagePlan: { rateLimit: 50, burstLimit: 100, quotaPerDay: 1_000_000 } },
    tv: { description: 'The TV app', usagePlan: { rateLimit: 20, burstLimit: 40, quotaPerDay: 250_000 } },
  },
  // Per write method, all clients together: a write costs a transaction and its events downstream.
  writeThrottle: { rateLimit: 25, burstLimit: 50 },
  cors: {
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'x-api-key', 'x-correlation-id'],
    exposeHeaders: ['ETag', 'Location', 'x-correlation-id', 'Retry-After'],
    maxAgeSeconds: 600,
  },
});
