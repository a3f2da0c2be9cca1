/**
 * The live service: each user's domain events pushed to their open apps over a WebSocket, so that
 * clients are told instead of polling. Delivery is at most once per connection, best effort: a
 * client that reconnects reads the current state over REST.
 */
import * as z from 'zod/mini';
import { NotificationCreated } from '../notifications/events';
import { OrderCancelled, OrderConfirmed, OrderRejected } from '../orders/events';
import { consumer, defineService, job, socket } from '../shared/contract';
import { MAX_PER_RUN_ENV } from '../shared/env';
import { schema } from '../shared/schema';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

/**
 * On the path a user watches (PENDING -> CONFIRMED): no batching window. Posting never fails a
 * message (a dead connection is not the event's fault), so few receives are needed; what does
 * fail (reading the connections) is tried as often as any consumer does.
 */
export const liveConsumer = /* @__PURE__ */ consumer({
  handler: 'lambdas/live/handlers/consume.ts', events: [OrderConfirmed, OrderRejected, OrderCancelled, NotificationCreated],
  access: { live: ['Query', 'DeleteItem', 'UpdateItem'] },
  batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5, timeoutSeconds: 30, maxReceiveCount: 5,
  postsToSocket: true,
});

const liveSocket = /* @__PURE__ */ socket({
  version: 'v1', path: '/live', summary: "Pushes each user's order outcomes and notifications to their open apps",
  authorizer: { handler: 'lambdas/live/handlers/authorize.ts', access: {}, timeoutSeconds: 5 },
  routes: {
    $connect: { handler: 'lambdas/live/handlers/connect.ts', access: { live: ['Query', 'PutItem', 'UpdateItem'] }, timeoutSeconds: 5 },
    $disconnect: { handler: 'lambdas/live/handlers/disconnect.ts', access: { live: ['DeleteItem'] }, timeoutSeconds: 5 },
    $default: { handler: 'lambdas/live/handlers/message.ts', access: { live: ['UpdateItem'] }, timeoutSeconds: 5 },
  },
});

/**
 * API Gateway cannot close a WebSocket with a chosen close code (the local gateway closes with 4001
 * at the token's expiry): in AWS this job closes the connections whose token has expired, within
 * about a minute, instead of leaving them open until the user's next event finds them. It finds
 * them in the table's awaiting index and removes each after closing it.
 */
const expireConnections = /* @__PURE__ */ job({
  handler: 'lambdas/live/handlers/expire-connections.ts',
  description: 'Closes and forgets the connections whose token has expired',
  access: { live: ['Query', 'DeleteItem'] },
  timeoutSeconds: 60,
  settings: { maxPerRun: MAX_PER_RUN_ENV },
  postsToSocket: true,
});

/** The only message a client may send; anything else is answered with an error, and the connection stays open. */
export const clientMessage = /* @__PURE__ */ schema(() => z.strictObject({ action: z.literal('ping') }));

/** What the server sends: an event of the user's (the envelope less its version and source), a pong, or an error. */
export type ServerMessage =
  | { readonly type: string; readonly id: string; readonly occurredAt: string; readonly correlationId: string; readonly subject: string; readonly data: unknown }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly detail: string };

export const live = /* @__PURE__ */ defineService({
  name: 'live',
  // The connections (user -> connection ids, each expiring with its token) and each user's budgets for the minute.
  // It emits nothing: no outbox, so no stream, relay or sweeper either.
  table: { gsi1: false, outbox: false },
  events: [],
  routes: {},
  consumers: { live: liveConsumer },
  jobs: { 'live-expiry': expireConnections },
  socket: liveSocket,
});
