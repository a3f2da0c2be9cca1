import { documentClient } from '../../shared/clients';
import { MAX_CONNECTIONS_PER_USER_ENV, positiveIntEnv, tableName } from '../../shared/env';
import { logger } from '../../shared/powertools';
import { openConnection, TooManyConnectionsError } from '../live';
import { dynamoDbConnectionsStore } from '../store';
import { connectionOf, type SocketEvent, type SocketResult } from './socket-event';

const store = dynamoDbConnectionsStore(documentClient, { live: tableName('live') });
const maxPerUser = positiveIntEnv(MAX_CONNECTIONS_PER_USER_ENV);

/** $connect, after the authorizer: remembers the connection under its user until the token expires (429 past the per-user bound). */
export const handler = async (event: SocketEvent): Promise<SocketResult> => {
  const connection = connectionOf(event);
  try {
    await openConnection(store, { ...connection, connectedAt: new Date().toISOString() }, maxPerUser, Math.floor(Date.now() / 1000));
    return { statusCode: 200, body: '' };
  } catch (error) {
    if (!(error instanceof TooManyConnectionsError)) throw error;
    logger.info('Connection refused: too many open', { userId: connection.userId, limit: error.limit });
    return { statusCode: 429, body: error.message };
  }
};
