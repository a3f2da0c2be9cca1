import { documentClient } from '../../shared/clients';
import { MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE_ENV, positiveIntEnv, tableName } from '../../shared/env';
import { answerWithinBudget } from '../live';
import { dynamoDbUserRateLimiter } from '../store';
import { connectionOf, type SocketEvent, type SocketResult } from './socket-event';

const limiter = dynamoDbUserRateLimiter(documentClient, { live: tableName('live') });
const limitPerMinute = positiveIntEnv(MAX_CLIENT_MESSAGES_PER_USER_PER_MINUTE_ENV);

/** $default: every client message; the body returned is sent back on the connection (a route response). */
export const handler = async (event: SocketEvent): Promise<SocketResult> => {
  const { userId } = connectionOf(event);
  const reply = await answerWithinBudget(limiter, userId, event.body ?? undefined, limitPerMinute, Math.floor(Date.now() / 1000));
  return { statusCode: 200, body: JSON.stringify(reply) };
};
