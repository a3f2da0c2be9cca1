import { awaitingPages } from '../shared/awaiting-index';
import type { StoreFactory } from '../shared/store';
import type { ExpiredConnections } from './expiry';
import type { Connection } from './live';
import { dynamoDbConnectionsStore, expiryInstant } from './store';

/**
 * The expired connections through the table's sparse `awaiting` index (kind CONNECTION-EXPIRY,
 * sorted by expiry). Why that index rather than a scan or a new one: the table's key is per user,
 * so finding expired connections across users needs an index, and this one is already sparse (a
 * connection is in it from connect until it is removed), sharded (its writes spread over a few
 * partitions, since every connect writes it) and sorted by time, so a run reads only what has
 * expired, oldest first per shard, and nothing else; it costs one more index on no table.
 */
export const dynamoDbExpiredConnections: StoreFactory<ExpiredConnections, 'live'> = (client, tables) => {
  const connections = dynamoDbConnectionsStore(client, tables);
  return {
    async *pages(nowSeconds, pageSize) {
      for await (const items of awaitingPages(client, tables.live, 'CONNECTION-EXPIRY', expiryInstant(nowSeconds), pageSize)) {
        yield items.map(({ userId, connectionId, expiresAt, connectedAt }) => ({ userId, connectionId, expiresAt, connectedAt }) as Connection);
      }
    },
    remove: (connection) => connections.remove(connection),
  };
};
