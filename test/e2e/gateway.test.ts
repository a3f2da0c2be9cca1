/**
 * The gateway's own behaviour on the local runtime, as clients meet it: client app keys, CORS
 * preflights, body validation before any function runs, the access log and the OpenAPI document.
 * Its limits (usage plan and method throttles, timeouts, busy instances) and a summary surviving
 * one of its parts failing need runtimes of their own: gateway-limits.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { ACCESS_LOG_FIELD_NAMES } from '../../lib/access-log';
import { stageConfig } from '../../lib/config';
import { fullPath } from '../../lib/declaration';
import { ApiClient, eventually, unique } from './support/api-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';

const ORIGIN = stageConfig('dev').corsAllowOrigins[0]!;
const PROBLEM = 'application/problem+json';

describe('the local gateway', () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  let api: ApiClient;
  let logsDir: string;

  beforeAll(() => {
    runtime = sharedLocalRuntime();
    logsDir = runtime.logsDir;
    api = new ApiClient(runtime.url);
  });

  it('refuses a /v1 route without a client app key, or with an unknown one, with 403 problem+json', async () => {
    const token = await api.token('keyless');
    for (const apiKey of [null, 'not-a-key']) {
      const response = await api.get('/v1/products', { token, apiKey });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/invalid-api-key', status: 403 });
    }
    expect((await api.get('/v1/products', { token, apiKey: 'local-tv-key' })).status).toBe(200);
  });

  it('serves health and the OpenAPI document without a token or a key, the document listing every route', async () => {
    expect((await api.get('/v1/health', { apiKey: null })).body).toEqual({ status: 'ok' });
    const document = await api.get('/v1/openapi.json', { apiKey: null });
    expect(document.status).toBe(200);
    for (const route of app.routes) expect(document.body.paths[fullPath(route)]?.[route.method.toLowerCase()], route.id).toBeDefined();
  });

  it('answers an unknown route with a 404 problem, as the stack customises "Missing Authentication Token"', async () => {
    const response = await api.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ type: '/problems/no-route', status: 404 });
    expect((await api.request('DELETE', '/v1/products')).status).toBe(404);
  });

  it('answers CORS preflights itself, with the resource\'s methods, and handlers echo the allowed origin', async () => {
    const preflight = await fetch(`${runtime.url}/v1/orders`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(expect.arrayContaining(['Authorization', 'x-api-key']));

    const token = await api.token('cors-user');
    const read = await api.get('/v1/products', { token, headers: { origin: ORIGIN } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(read.headers.get('access-control-expose-headers')).toContain('x-correlation-id');

    const foreign = await api.get('/v1/products', { token, headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const refused = await api.get('/v1/products', { token, apiKey: null, headers: { origin: ORIGIN } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('refuses a body that does not match the route, naming the field, and writes nothing', async () => {
    const admin = await api.token('validator-admin', ['admin']);
    const name = unique('refused-lamp');
    const response = await api.post('/v1/products', {
      token: admin,
      body: { name, priceCents: 100, stock: 1, colour: 'red' },
      headers: { 'x-correlation-id': 'validation-refused-1' },
    });
    expect(response.status).toBe(400);
    // The function refused it (the gateway's validator could not have named the field).
    expect(response.body).toMatchObject({ type: '/problems/validation', status: 400, errors: [{ path: '/colour', message: 'Unknown field' }] });
    expect(response.headers.get('x-correlation-id')).toBe('validation-refused-1');
    // The same body without the unknown field is accepted, and listed below: the search can find one.
    const accepted = unique('accepted-lamp');
    expect((await api.post('/v1/products', { token: admin, body: { name: accepted, priceCents: 100, stock: 1 } })).status).toBe(201);
    // Other files share this runtime: look for both among all products, page by page.
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await api.get(
        `/v1/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: admin },
      );
      names.push(...page.body.items.map((item) => item.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toContain(accepted);
    expect(names).not.toContain(name);
  });

  it('writes one access log line per request with every field of the stack\'s format', async () => {
    const token = await api.token('logged-user');
    const response = await api.get('/v1/products?limit=1', { token, headers: { 'user-agent': 'gateway-e2e/1.0' } });
    const requestId = response.headers.get('x-amzn-requestid')!;
    const resources = (await api.get('/_local/resources', { apiKey: null })).body;
    expect(resources.accessLog).toBe(path.join(logsDir, 'access.log'));
    const line = await eventually(
      async () =>
        readFileSync(resources.accessLog, 'utf8')
          .trim()
          .split('\n')
          .map((text) => JSON.parse(text) as Record<string, unknown>)
          .find((entry) => entry.requestId === requestId),
      (entry) => entry !== undefined,
      { what: 'the access log line', timeoutMs: 5000 },
    );
    expect(Object.keys(line!).sort()).toEqual([...ACCESS_LOG_FIELD_NAMES].sort());
    expect(line).toMatchObject({
      ip: '127.0.0.1',
      sub: 'logged-user',
      apiKeyId: 'local-web',
      method: 'GET',
      path: '/local/v1/products',
      route: '/v1/products',
      status: 200,
      responseLength: response.text.length,
    });
    expect(line!.latency).toEqual(expect.any(Number));
  });
});
