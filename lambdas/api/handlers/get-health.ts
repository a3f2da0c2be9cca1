import { routeHandler } from '../../shared/http/route';
import { getHealth } from '../contract';

/** Liveness only: touches no table, so it stays up and cheap even when a dependency is not. */
export const handler = routeHandler(getHealth, async () => ({ body: { status: 'ok' as const } }));
