import document from '../../../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../http/handler';

/**
 * The document is bundled into the function and serialised once per container: it only changes
 * with a deployment, so each request costs no work and reads no table.
 */
const body = JSON.stringify(document);

/** GET /v1/openapi.json: this API's OpenAPI 3.1 document (docs/openapi.json), for anyone, without token or key. */
export const handler = httpHandler(async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
  body,
}));
