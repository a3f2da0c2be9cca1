import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreFactory } from '../shared/store';
import { productKey } from './table-keys';

/** What other services may read of products: current prices, read-only. */
export interface ProductsReader {
  /** Product id -> unit price in cents, for the ids that exist; unknown ids are simply absent. */
  pricesOf(productIds: readonly string[]): Promise<Map<string, number>>;
}

/** BatchGetItem may leave keys unprocessed under throttling; a few backed-off retries, then fail the request. */
const BATCH_GET_ATTEMPTS = 4;
const BATCH_GET_BASE_DELAY_MS = 25;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const productsReader: StoreFactory<ProductsReader, 'products'> = (client, { products: table }) => ({
  async pricesOf(productIds) {
    const prices = new Map<string, number>();
    let keys: Record<string, unknown>[] = productIds.map(productKey);
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`Prices unavailable: ${keys.length} product keys stayed unprocessed`);
      if (attempt > 0) await pause(BATCH_GET_BASE_DELAY_MS * 2 ** (attempt - 1));
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: keys, ProjectionExpression: '#id, #price', ExpressionAttributeNames: { '#id': 'id', '#price': 'priceCents' } },
          },
        }),
      );
      for (const product of result.Responses?.[table] ?? []) {
        if (typeof product.id === 'string' && Number.isInteger(product.priceCents)) prices.set(product.id, product.priceCents as number);
      }
      keys = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
    return prices;
  },
});
