import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { dynamoDbConnectionsStore } from '../store';
import { connectionOf, type SocketEvent, type SocketResult } from './socket-event';

const store = dynamoDbConnectionsStore(documentClient, { live: tableName('live') });

/** $disconnect: forgets the connection (best effort: API Gateway does not retry it, so TTL is the backstop). */
export const handler = async (event: SocketEvent): Promise<SocketResult> => {
  await store.remove(connectionOf(event));
  return { statusCode: 200, body: '' };
};
