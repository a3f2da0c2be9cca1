/**
 * THE declaration of the application: services, tables, routes, events, consumers. Plain data;
 * it imports neither CDK nor the AWS SDK. The CDK stacks (lib/stacks), the local runtime (local/)
 * and the API reference are all generated from it, so they cannot drift apart.
 *
 * Adding a route = one entry in `routes` + one handler file exporting `handler`. A new version of
 * a route is another entry with `version: 'v2'` and its own handler: the v1 entry stays as it is.
 */
import { OUTBOX_PREFIX } from '../lambdas/shared/outbox';
import { pageQuery } from '../lambdas/shared/pagination';
import { createUserBody, updateUserBody } from '../lambdas/users/schemas';
import { createProductBody } from '../lambdas/products/schemas';
import { placeOrderBody } from '../lambdas/orders/schemas';
import type { ApplicationDeclaration, RouteDeclaration } from './declaration';
import {
  healthResponse,
  notificationPageResponse,
  openApiDocumentResponse,
  orderPageResponse,
  orderResponse,
  productPageResponse,
  productResponse,
  summaryResponse,
  userResponse,
} from './openapi-responses';

const routes: readonly RouteDeclaration[] = [
  {
    id: 'getHealth', version: 'v1', method: 'GET', path: '/health', service: 'users',
    handler: 'lambdas/shared/handlers/health.ts', auth: 'none', callers: 'anyone, no token',
    summary: 'Liveness of the API', successStatus: 200, access: {}, memoryMb: 256,
    // Load balancers and uptime checks carry no client app's key.
    apiKeyRequired: false, response: healthResponse,
  },
  {
    id: 'getOpenApi', version: 'v1', method: 'GET', path: '/openapi.json', service: 'users',
    handler: 'lambdas/shared/handlers/openapi.ts', auth: 'none', callers: 'anyone, no token',
    summary: 'This API as an OpenAPI 3.1 document', successStatus: 200, access: {}, memoryMb: 256,
    // Tools and code generators fetch it before they have a key.
    apiKeyRequired: false, response: openApiDocumentResponse,
  },
  {
    id: 'createUser', version: 'v1', method: 'POST', path: '/users', service: 'users',
    handler: 'lambdas/users/handlers/create-user.ts', auth: 'user', callers: 'signed in',
    summary: "Create the caller's own profile (id = token sub)", successStatus: 201,
    access: { users: ['PutItem'] }, body: createUserBody,
    response: userResponse, responseHeaders: ['Location', 'ETag'], problems: [409],
    // Each user signs up once: a burst of sign-ups is a script, not people.
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  {
    id: 'getUser', version: 'v1', method: 'GET', path: '/users/{id}', service: 'users',
    handler: 'lambdas/users/handlers/get-user.ts', auth: 'user', callers: 'owner or admin',
    summary: 'Read a user profile', successStatus: 200, access: { users: ['GetItem'] },
    response: userResponse, responseHeaders: ['ETag'],
  },
  {
    id: 'updateUser', version: 'v1', method: 'PATCH', path: '/users/{id}', service: 'users',
    handler: 'lambdas/users/handlers/update-user.ts', auth: 'user', callers: 'owner',
    summary: 'Update a profile (If-Match required)', successStatus: 200,
    access: { users: ['GetItem', 'PutItem'] }, body: updateUserBody, headers: ['If-Match'],
    response: userResponse, responseHeaders: ['ETag'], problems: [403],
  },
  {
    id: 'getUserSummary', version: 'v1', method: 'GET', path: '/users/{id}/summary', service: 'users',
    handler: 'lambdas/summary/handlers/get-summary.ts', auth: 'user', callers: 'owner or admin',
    summary: 'Profile, 5 newest orders and latest notifications at once (partial if a part is unavailable)',
    successStatus: 200,
    // Reads three services' tables, read-only and in parallel; it owns no table of its own.
    access: { users: ['GetItem'], orders: ['Query'], notifications: ['Query'] },
    response: summaryResponse,
  },
  {
    id: 'createProduct', version: 'v1', method: 'POST', path: '/products', service: 'products',
    handler: 'lambdas/products/handlers/create-product.ts', auth: 'user', callers: 'admin',
    summary: 'Create a product with its initial stock', successStatus: 201,
    access: { products: ['PutItem'] }, body: createProductBody,
    response: productResponse, responseHeaders: ['Location', 'ETag'], problems: [403],
  },
  {
    id: 'listProducts', version: 'v1', method: 'GET', path: '/products', service: 'products',
    handler: 'lambdas/products/handlers/list-products.ts', auth: 'user', callers: 'signed in',
    summary: 'List products, oldest first, a page at a time', successStatus: 200,
    access: { products: ['Query'] }, query: pageQuery, response: productPageResponse,
  },
  {
    id: 'getProduct', version: 'v1', method: 'GET', path: '/products/{id}', service: 'products',
    handler: 'lambdas/products/handlers/get-product.ts', auth: 'user', callers: 'signed in',
    summary: 'Read a product and its available stock', successStatus: 200, access: { products: ['GetItem'] },
    response: productResponse, responseHeaders: ['ETag'],
  },
  {
    id: 'placeOrder', version: 'v1', method: 'POST', path: '/orders', service: 'orders',
    handler: 'lambdas/orders/handlers/place-order.ts', auth: 'user', callers: 'signed in',
    summary: 'Place an order (honours Idempotency-Key)', successStatus: 201,
    // Prices are read from the products table (read-only) so that the price at order time is
    // authoritative; the idempotency records live in the orders table (Powertools needs Get/Put/Update/Delete).
    access: { products: ['BatchGetItem'], orders: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    body: placeOrderBody, headers: ['Idempotency-Key'],
    response: orderResponse, responseHeaders: ['Location'], problems: [422],
  },
  {
    id: 'getOrder', version: 'v1', method: 'GET', path: '/orders/{id}', service: 'orders',
    handler: 'lambdas/orders/handlers/get-order.ts', auth: 'user', callers: 'owner or admin',
    summary: 'Read an order', successStatus: 200, access: { orders: ['GetItem'] }, response: orderResponse,
  },
  {
    id: 'listUserOrders', version: 'v1', method: 'GET', path: '/users/{id}/orders', service: 'orders',
    handler: 'lambdas/orders/handlers/list-user-orders.ts', auth: 'user', callers: 'owner or admin',
    summary: "A user's orders, newest first", successStatus: 200, access: { orders: ['Query'] }, query: pageQuery,
    response: orderPageResponse,
  },
  {
    id: 'cancelOrder', version: 'v1', method: 'POST', path: '/orders/{id}/cancel', service: 'orders',
    handler: 'lambdas/orders/handlers/cancel-order.ts', auth: 'user', callers: 'owner',
    summary: 'Cancel a PENDING or CONFIRMED order', successStatus: 200, access: { orders: ['GetItem', 'PutItem'] },
    response: orderResponse, problems: [403, 409],
  },
  {
    id: 'listUserNotifications', version: 'v1', method: 'GET', path: '/users/{id}/notifications', service: 'notifications',
    handler: 'lambdas/notifications/handlers/list-notifications.ts', auth: 'user', callers: 'owner',
    summary: "A user's notifications, newest first", successStatus: 200,
    access: { notifications: ['Query'] }, query: pageQuery, response: notificationPageResponse,
  },
];

export const app: ApplicationDeclaration = {
  name: 'ServerlessGatewayEvents',
  tables: {
    users: { gsi1: false },
    products: { gsi1: true },
    orders: { gsi1: true },
    notifications: { gsi1: false },
  },
  routes,
  events: {
    UserSignedUp: { producer: 'users', description: 'A user created their profile.' },
    UserUpdated: { producer: 'users', description: 'A user changed their name or email.' },
    ProductCreated: { producer: 'products', description: 'An admin added a product with its initial stock.' },
    OrderPlaced: { producer: 'orders', description: 'A user placed an order; it is PENDING until stock is reserved.' },
    OrderCancelled: { producer: 'orders', description: 'The owner cancelled a PENDING or CONFIRMED order.' },
    OrderConfirmed: { producer: 'orders', description: 'Stock was reserved; the order is CONFIRMED.' },
    OrderRejected: { producer: 'orders', description: 'Stock could not be reserved; the order is REJECTED.' },
    StockReserved: { producer: 'products', description: 'Every line of an order was reserved, all or nothing.' },
    StockReservationFailed: { producer: 'products', description: 'A line of an order could not be reserved.' },
    StockReleased: { producer: 'products', description: "A cancelled order's reservation was returned to stock." },
  },
  consumers: [
    {
      // Order confirmation waits on this consumer, so it takes messages as soon as they arrive
      // (no batching window); maxConcurrency bounds the contention on hot products' stock items.
      name: 'inventory', service: 'products', handler: 'lambdas/inventory/handlers/consume.ts',
      events: ['OrderPlaced', 'OrderCancelled'], access: { products: ['GetItem', 'PutItem', 'UpdateItem'] },
      batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5, timeoutSeconds: 30, maxReceiveCount: 5,
    },
    {
      // Also on the confirmation path: no batching window.
      name: 'orders', service: 'orders', handler: 'lambdas/orders/handlers/consume.ts',
      events: ['StockReserved', 'StockReservationFailed'], access: { orders: ['GetItem', 'PutItem'] },
      batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5, timeoutSeconds: 30, maxReceiveCount: 5,
    },
    {
      // Nobody waits on a notification: a short window fills larger batches, fewer invocations.
      name: 'notifications', service: 'notifications', handler: 'lambdas/notifications/handlers/consume.ts',
      events: ['UserSignedUp', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled'],
      access: { notifications: ['PutItem'] },
      batchSize: 25, maxBatchingWindowSeconds: 2, maxConcurrency: 2, timeoutSeconds: 30, maxReceiveCount: 5,
    },
  ],
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
};
