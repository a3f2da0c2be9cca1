import { ApiGatewayManagementApiClient, DeleteConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionPoster } from './ports';

/**
 * A slow client must not hold the consumer back: a post that takes longer is abandoned and
 * counted as failed (the message is lost for that connection only: at most once, best effort).
 */
const POST_TIMEOUT_MS = 2_000;

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Posts through the API Gateway Management API (in AWS) or its local stand-in, whichever `client` points at. */
export const managementApiPoster = (client: ApiGatewayManagementApiClient, timeoutMs = POST_TIMEOUT_MS): ConnectionPoster => ({
  async post(connectionId, message) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: message }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      return 'delivered';
    } catch (error) {
      return (error as Error).name === 'GoneException' || statusOf(error) === 410 ? 'gone' : 'failed';
    }
  },

  async close(connectionId) {
    try {
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch {
      // Gone already, or unreachable: the connection is forgotten either way, and API Gateway ends it after 2 hours.
    }
  },
});
