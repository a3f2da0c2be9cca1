import { describe, expect, it } from 'vitest';
import { createApiClient, pages } from '../../../../clients/typescript/src/index';
import { BASE_URL, fakeFetch, json, problem } from './fake-fetch';

const product = (id: string) => ({ id, name: `Product ${id}`, priceCents: 100, stock: 1 });
const clientFor = (fetch: ReturnType<typeof fakeFetch>['fetch']) => createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', fetch });

describe('pages', () => {
  it('walks every page by its cursor, as one action with one correlation id', async () => {
    const { fetch, sent } = fakeFetch(
      json(200, { items: [product('1'), product('2')], nextCursor: 'c-2' }),
      json(200, { items: [product('3'), product('4')], nextCursor: 'c-3' }),
      json(200, { items: [product('5')], nextCursor: null }),
    );

    const ids: string[] = [];
    for await (const page of pages(clientFor(fetch).listProducts, { limit: 2 })) {
      if (!page.ok) throw new Error('unexpected failure');
      ids.push(...page.data.items.map((item) => item.id));
    }

    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(sent.map((request) => request.url.search)).toEqual(['?limit=2', '?limit=2&cursor=c-2', '?limit=2&cursor=c-3']);
    expect(new Set(sent.map((request) => request.headers.get('x-correlation-id'))).size).toBe(1);
  });

  it("pages through a user's list, starting from a given cursor", async () => {
    const { fetch, sent } = fakeFetch(json(200, { items: [], nextCursor: null }));

    const results = [];
    for await (const page of pages(clientFor(fetch).listUserNotifications, { userId: 'u-1', cursor: 'c-9' }, { correlationId: 'inbox-open-1' })) results.push(page);

    expect(results).toHaveLength(1);
    expect(`${sent[0]!.url.pathname}${sent[0]!.url.search}`).toBe('/dev/v1/users/u-1/notifications?cursor=c-9');
    expect(sent[0]!.headers.get('x-correlation-id')).toBe('inbox-open-1');
  });

  it('yields a failed page and stops', async () => {
    const { fetch, sent } = fakeFetch(json(200, { items: [product('1')], nextCursor: 'c-2' }), problem(400, 'validation'));

    const results = [];
    for await (const page of pages(clientFor(fetch).listProducts, {})) results.push(page);

    expect(results.map((page) => page.ok)).toEqual([true, false]);
    expect(results[1]).toMatchObject({ error: { kind: 'problem', problem: { type: '/problems/validation' } } });
    expect(sent).toHaveLength(2);
  });

  it('stops when the server repeats a cursor instead of looping for ever', async () => {
    const { fetch, sent } = fakeFetch(json(200, { items: [product('1')], nextCursor: 'c-2' }), json(200, { items: [product('1')], nextCursor: 'c-2' }));

    const results = [];
    for await (const page of pages(clientFor(fetch).listProducts, {})) results.push(page);

    expect(results).toHaveLength(2);
    expect(sent).toHaveLength(2);
  });

  it('stops fetching when the caller stops iterating', async () => {
    const { fetch, sent } = fakeFetch(json(200, { items: [product('1')], nextCursor: 'c-2' }), json(200, { items: [product('2')], nextCursor: null }));

    for await (const page of pages(clientFor(fetch).listProducts, {})) if (page.ok) break;

    expect(sent).toHaveLength(1);
  });
});
