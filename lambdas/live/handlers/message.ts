import { answer } from '../live';
import type { SocketEvent, SocketResult } from './socket-event';

/** $default: every client message; the body returned is sent back on the connection (a route response). */
export const handler = async (event: SocketEvent): Promise<SocketResult> => ({
  statusCode: 200,
  body: JSON.stringify(answer(event.body ?? undefined)),
});
