import { describe, expect, it } from 'vitest';
import { closeExpiredConnections, type ExpiredConnections } from '../../../lambdas/live/expiry';
import type { Connection } from '../../../lambdas/live/live';
import type { ConnectionPoster } from '../../../lambdas/live/ports';
import { connection, inMemoryConnections, NOW_SECONDS, recordingPoster } from './fakes';

/**
 * The expired connections of an in-memory table, page by page as the index would give them, with
 * what was asked for (page sizes, pages read) recorded.
 */
const expiredIn = (store: ReturnType<typeof inMemoryConnections>, failRemoving: readonly string[] = []) => {
  const pageSizes: number[] = [];
  let pagesRead = 0;
  const connections: ExpiredConnections = {
    async *pages(nowSeconds, pageSize) {
      pageSizes.push(pageSize);
      // A snapshot, as a query's pages are: what this run removes does not shift the pages still to come.
      const expired = store.all().filter((existing) => existing.expiresAt <= nowSeconds);
      for (let start = 0; start < expired.length; start += pageSize) {
        pagesRead += 1;
        yield expired.slice(start, start + pageSize);
      }
    },
    async remove(removed) {
      if (failRemoving.includes(removed.connectionId)) throw new Error('DynamoDB said no');
      await store.remove(removed);
    },
  };
  return { connections, pageSizes, pagesRead: () => pagesRead };
};

const expiredConnections = (count: number, prefix = 'old'): Connection[] =>
  Array.from({ length: count }, (_, i) => connection(`user-${i % 7}`, `${prefix}-${String(i).padStart(3, '0')}`, NOW_SECONDS - 60 - i));

describe('the expiry sweep of the live connections', () => {
  it('closes and forgets the connections whose token has expired, and only those', async () => {
    const store = inMemoryConnections([connection('ada', 'expired', NOW_SECONDS - 1), connection('ada', 'at-expiry', NOW_SECONDS), connection('ada', 'open', NOW_SECONDS + 1), connection('bob', 'later', NOW_SECONDS + 3600)]);
    const { poster, closed } = recordingPoster();
    const { connections } = expiredIn(store);

    const report = await closeExpiredConnections(connections, poster, NOW_SECONDS, 100);

    expect(closed.sort()).toEqual(['at-expiry', 'expired']);
    expect(store.all().map((kept) => kept.connectionId).sort()).toEqual(['later', 'open']);
    expect(report).toEqual({ found: 2, closed: 2, failed: 0 });
  });

  it('ignores a connection the index still shows although it has not expired', async () => {
    const store = inMemoryConnections([connection('ada', 'open', NOW_SECONDS + 60)]);
    const { poster, closed } = recordingPoster();
    const stale: ExpiredConnections = {
      async *pages() {
        yield store.all();
      },
      remove: (removed) => store.remove(removed),
    };

    expect(await closeExpiredConnections(stale, poster, NOW_SECONDS, 10)).toEqual({ found: 0, closed: 0, failed: 0 });
    expect(closed).toEqual([]);
    expect(store.all()).toHaveLength(1);
  });

  it('reads page after page, and stops at maxPerRun without reading further pages', async () => {
    const store = inMemoryConnections(expiredConnections(230));
    const { poster, closed } = recordingPoster();
    const { connections, pageSizes, pagesRead } = expiredIn(store);

    const report = await closeExpiredConnections(connections, poster, NOW_SECONDS, 120);

    expect(report).toEqual({ found: 120, closed: 120, failed: 0 });
    expect(closed).toHaveLength(120);
    expect(new Set(closed).size).toBe(120);
    expect(store.all()).toHaveLength(110);
    // Pages of 50: the third is cut at the bound, and no fourth is read.
    expect(pageSizes).toEqual([50]);
    expect(pagesRead()).toBe(3);
  });

  it('asks for pages no larger than its bound', async () => {
    const store = inMemoryConnections(expiredConnections(12));
    const { poster } = recordingPoster();
    const { connections, pageSizes } = expiredIn(store);

    expect(await closeExpiredConnections(connections, poster, NOW_SECONDS, 5)).toEqual({ found: 5, closed: 5, failed: 0 });
    expect(pageSizes).toEqual([5]);
    expect(store.all()).toHaveLength(7);
  });

  it('goes on with the others when forgetting one fails, or closing one throws', async () => {
    const store = inMemoryConnections(expiredConnections(5));
    const { poster: recording, closed } = recordingPoster();
    const poster: ConnectionPoster = {
      post: recording.post,
      async close(connectionId) {
        if (connectionId === 'old-003') throw new Error('socket reset');
        await recording.close(connectionId);
      },
    };
    const { connections } = expiredIn(store, ['old-001']);

    const report = await closeExpiredConnections(connections, poster, NOW_SECONDS, 100);

    expect(report).toEqual({ found: 5, closed: 3, failed: 2 });
    expect(closed.sort()).toEqual(['old-000', 'old-001', 'old-002', 'old-004']);
    // What failed is still there for the next run.
    expect(store.all().map((kept) => kept.connectionId).sort()).toEqual(['old-001', 'old-003']);
  });

  it('does nothing when nothing has expired', async () => {
    const store = inMemoryConnections([connection('ada', 'open')]);
    const { poster, closed } = recordingPoster();
    expect(await closeExpiredConnections(expiredIn(store).connections, poster, NOW_SECONDS, 100)).toEqual({ found: 0, closed: 0, failed: 0 });
    expect(closed).toEqual([]);
  });
});
