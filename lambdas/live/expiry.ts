/**
 * The expiry sweep of the live service's connections. API Gateway keeps a WebSocket open up to two
 * hours whatever its token says, and cannot close one with a chosen close code; so in AWS the
 * server closes a connection whose token has expired (DeleteConnection: API Gateway picks the
 * close code) and forgets it, on a schedule, instead of waiting for the user's next event to find
 * it (see `deliver`). Plain domain: the connections and the poster are given.
 */
import type { Connection } from './live';
import type { ConnectionPoster } from './ports';

/** The expired connections, found across users (an index: the table's key is per user). */
export interface ExpiredConnections {
  /**
   * The connections whose token expired at `nowSeconds` or before, at most `pageSize` a page.
   * Eventually consistent: a page may still hold one already removed (closing and removing it
   * again is harmless).
   */
  pages(nowSeconds: number, pageSize: number): AsyncIterable<readonly Connection[]>;
  remove(connection: Pick<Connection, 'userId' | 'connectionId'>): Promise<void>;
}

export interface ExpirySweepReport {
  /** Expired connections handled this run (at most the bound). */
  readonly found: number;
  /** Closed and forgotten. */
  readonly closed: number;
  /** Forgetting failed: the next run finds them again (and TTL removes them in the end). */
  readonly failed: number;
}

/** Connections closed in parallel at once: a page. */
const PAGE_SIZE = 50;

/**
 * Closes and forgets the connections whose token has expired, at most `maxPerRun` of them (the
 * rest wait for the next run), a page at a time. One connection's failure does not stop the others.
 */
export const closeExpiredConnections = async (
  connections: ExpiredConnections,
  poster: ConnectionPoster,
  nowSeconds: number,
  maxPerRun: number,
): Promise<ExpirySweepReport> => {
  const report = { found: 0, closed: 0, failed: 0 };
  for await (const page of connections.pages(nowSeconds, Math.min(PAGE_SIZE, maxPerRun))) {
    const batch = page.filter((connection) => connection.expiresAt <= nowSeconds).slice(0, maxPerRun - report.found);
    report.found += batch.length;
    await Promise.all(
      batch.map(async (connection) => {
        try {
          await poster.close(connection.connectionId);
          await connections.remove(connection);
          report.closed += 1;
        } catch {
          report.failed += 1;
        }
      }),
    );
    if (report.found >= maxPerRun) break;
  }
  return report;
};
