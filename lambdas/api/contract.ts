/** The API's own routes: what tools, load balancers and uptime checks call before they have anything else. */
import * as z from 'zod/mini';
import { defineService, route } from '../shared/contract';
import { component, documentation } from '../shared/responses';

// Declarations are marked pure so that each handler's bundle keeps only its own: see lambdas/shared/contract.ts.

export const getHealth = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/health', handler: 'lambdas/api/handlers/get-health.ts',
  callers: 'anyone', summary: 'Liveness of the API', successStatus: 200, access: {}, memoryMb: 256,
  // Load balancers and uptime checks carry no client app's key.
  apiKeyRequired: false,
  response: /* @__PURE__ */ documentation(() => {
    docs: return component('Health', 'The API is up', z.object({ status: z.literal('ok') }));
  }),
});

export const getOpenApi = /* @__PURE__ */ route({
  version: 'v1', method: 'GET', path: '/openapi.json', handler: 'lambdas/api/handlers/get-openapi.ts',
  callers: 'anyone', summary: 'This API as an OpenAPI 3.1 document', successStatus: 200, access: {}, memoryMb: 256,
  responseHeaders: ['Cache-Control'],
  // Tools and code generators fetch it before they have a key.
  apiKeyRequired: false,
  response: /* @__PURE__ */ documentation(() => {
    docs: return component(
      'OpenApiDocument',
      'This OpenAPI 3.1 document',
      z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) }),
    );
  }),
});

export const api = /* @__PURE__ */ defineService({ name: 'api', events: [], consumers: {}, routes: { getHealth, getOpenApi } });
