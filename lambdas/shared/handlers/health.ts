import { json } from '../http/respond';
import { httpHandler } from '../http/handler';

/** Liveness only: touches no table, so it stays up and cheap even when a dependency is not. */
export const handler = httpHandler(async () => json(200, { status: 'ok' }));
