/** The products service: the catalogue, and the stock its inventory consumer reserves and releases. */
import * as z from 'zod/mini';
import { OrderCancelled, OrderPlaced, OrderRejected } from '../orders/events';
import { pageQuery } from '../shared/pagination';
import { consumer, defineService, route } from '../shared/contract';
import { schema } from '../shared/schema';
import { component, described, documentation, pageOf, timestamp, ulid, version } from '../shared/responses';
import { ProductCreated, StockReleased, StockReservationFailed, StockReserved } from './events';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

const createProductBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    priceCents: z.int().check(z.positive(), z.maximum(100_000_000)),
    stock: z.int().check(z.minimum(0), z.maximum(1_000_000)),
  }),
);
export type CreateProductBody = z.infer<typeof createProductBody>;

export const productResponse = /* @__PURE__ */ documentation(() => {
  docs: return component(
    'Product',
    'A product and its available stock',
    z.object({
      id: ulid,
      name: z.string(),
      priceCents: z.int().check(z.minimum(1)),
      stock: described('Units available: reservations are taken out of it', z.int().check(z.minimum(0))),
      createdAt: timestamp,
      updatedAt: timestamp,
      version,
    }),
  );
});

export const createProduct = /* @__PURE__ */ route({
  version: 'v1', method: 'POST', path: '/products', handler: 'lambdas/products/handlers/create-product.ts',
  callers: 'admin', summary: 'Create a product with its initial stock', successStatus: 201,
  access: { products: ['PutItem'] }, body: createProductBody,
  response: productResponse, responseHeaders: ['Location', 'ETag'], problems: [403],
});

export const listProducts = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/products', handler: 'lambdas/products/handlers/list-products.ts',
  callers: 'signed in', summary: 'List products, oldest first, a page at a time', successStatus: 200,
  access: { products: ['Query'] }, query: pageQuery, response: /* @__PURE__ */ pageOf('ProductPage', productResponse),
});

export const getProduct = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/products/{id}', handler: 'lambdas/products/handlers/get-product.ts',
  callers: 'signed in', summary: 'Read a product and its available stock', successStatus: 200,
  access: { products: ['GetItem'] }, response: productResponse, responseHeaders: ['ETag'],
});

/**
 * Order confirmation waits on this consumer, so it takes messages as soon as they arrive (no
 * batching window). The settings are chosen for a hot product (a sale, a launch), whose stock item
 * every reservation writes, and which DynamoDB lets one transaction write at a time:
 * - maxConcurrency 5: each instance is one writer on a hot item (a batch's records for one
 *   product run one after the other, `itemsWrittenBy`), so at most five transactions compete for
 *   it; a loser tries again within the function (CONSUMER_CONFLICT_RETRY: jittered, ~11 s at
 *   most). More instances would add conflicts on the hot item, not throughput; fewer would slow
 *   every other product.
 * - batchSize 5: a batch all on the hot product takes its transactions in a row, each record
 *   after the previous one's retries; five keep that chain short, so the retries of its last
 *   record still start within the first two thirds of the timeout (RETRY_SHARE_OF_INVOCATION).
 *   Larger batches would save polls but not transactions, the cost that matters here.
 * - timeoutSeconds 30, so a visibility timeout of 180 s (six times, as AWS recommends): only a
 *   message that failed for another reason, or outlasted its retries, waits that long.
 */
export const inventory = /* @__PURE__ */ consumer({
  handler: 'lambdas/inventory/handlers/consume.ts', events: [OrderPlaced, OrderCancelled, OrderRejected],
  access: { products: ['GetItem', 'PutItem', 'UpdateItem'] },
  batchSize: 5, maxBatchingWindowSeconds: 0, maxConcurrency: 5, timeoutSeconds: 30, maxReceiveCount: 5,
});

export const products = /* @__PURE__ */ defineService({
  name: 'products',
  table: { gsi1: true },
  events: [ProductCreated, StockReserved, StockReservationFailed, StockReleased],
  routes: { createProduct, listProducts, getProduct },
  consumers: { inventory },
});
