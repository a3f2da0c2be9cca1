import { routeHandler } from '../../shared/http/route';
import { api } from '../contract';

/** Liveness only: touches no table, so it stays up and cheap even when a dependency is not. */
export const handler = routeHandler(api.routes.getHealth, async () => ({ body: { status: 'ok' as const } }));
