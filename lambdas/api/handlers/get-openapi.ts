import document from '../../../docs/openapi.json' with { type: 'json' };
import { routeHandler } from '../../shared/http/route';
import { getOpenApi } from '../contract';

/** GET /v1/openapi.json: this API's OpenAPI 3.1 document (docs/openapi.json), for anyone, without token or key. */
export const handler = routeHandler(getOpenApi, async () => ({
  body: document,
  // It only changes with a deployment.
  headers: { 'cache-control': 'public, max-age=300' },
}));
