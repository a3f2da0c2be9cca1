import type { CallOptions } from './client';
import { newCorrelationId } from './ids';
import type { ApiResult } from './result';
import type { Page } from './types';

/**
 * Every page of a list, first to last, as one user action (one correlation id for all its
 * calls): `for await (const page of pages(client.listProducts, { limit: 50 }))`. A failed page is
 * yielded, and ends the iteration; so does a cursor the server repeats.
 */
// `| undefined`: a list whose query is optional (listProducts) infers Query with it.
export async function* pages<Query extends { readonly cursor?: string } | undefined, P extends Page<unknown>>(
  list: (query: Query, options?: CallOptions) => Promise<ApiResult<P>>,
  query: NoInfer<Query>,
  options: CallOptions = {},
): AsyncGenerator<ApiResult<P>, void, undefined> {
  const callOptions = { ...options, correlationId: options.correlationId ?? newCorrelationId() };
  let cursor = query?.cursor;
  for (;;) {
    const page = await list({ ...query, cursor }, callOptions);
    yield page;
    if (!page.ok || page.data.nextCursor === null || page.data.nextCursor === cursor) return;
    cursor = page.data.nextCursor;
  }
}
