/**
 * The gateway's own behaviour on the local runtime, as clients meet it: client app keys, usage
 * plan throttling, CORS preflights, body validation before any function runs, the access log,
 * the OpenAPI document, and the summary that survives one of its parts failing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../lib/app';
import { ACCESS_LOG_FIELD_NAMES } from '../../lib/access-log';
import { stageConfig } from '../../lib/config';
import { fullPath } from '../../lib/declaration';
import { ApiClient, eventually } from './support/api-client';
import { expectOk, expectProblem, signIn } from './support/client';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';

const ORIGIN = stageConfig('dev').corsAllowOrigins[0]!;
const PROBLEM = 'application/problem+json';

describe('the local gateway', () => {
  let runtime: RunningRuntime;
  let api: ApiClient;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'gateway-e2e-'));
    runtime = await startLocalRuntime({ args: ['--logs-dir', logsDir] });
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
    rmSync(logsDir, { recursive: true, force: true });
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
    const before = (await api.get('/v1/products?limit=100', { token: admin })).body.items.length as number;
    const response = await api.post('/v1/products', {
      token: admin,
      body: { name: 'Lamp', priceCents: 100, stock: 1, colour: 'red' },
      headers: { 'x-correlation-id': 'validation-refused-1' },
    });
    expect(response.status).toBe(400);
    // The function refused it (the gateway's validator could not have named the field).
    expect(response.body).toMatchObject({ type: '/problems/validation', status: 400, errors: [{ path: '/colour', message: 'Unknown field' }] });
    expect(response.headers.get('x-correlation-id')).toBe('validation-refused-1');
    expect((await api.get('/v1/products?limit=100', { token: admin })).body.items).toHaveLength(before);
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

  it('serves a summary with the parts it could read when one part fails, naming the missing one', async () => {
    // The API's own behaviour: through the typed client, as a frontend reads it.
    const sam = await signIn(api.url, 'summary-user');
    expectOk(await sam.createUser({ name: 'Sam', email: 'sam@example.com' }), 201);
    const whole = expectOk(await sam.getUserSummary('summary-user'));
    expect(whole).toMatchObject({ user: { id: 'summary-user', name: 'Sam' }, recentOrders: [], partial: [] });

    // Break one service: its table disappears (this runtime is not used after this test).
    const resources = (await api.get('/_local/resources', { apiKey: null })).body;
    const dynamodb = new DynamoDBClient({ endpoint: resources.dynamodbEndpoint, region: resources.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await dynamodb.send(new DeleteTableCommand({ TableName: resources.tables.notifications }));
    dynamodb.destroy();

    const partial = expectOk(await sam.getUserSummary('summary-user'));
    expect(partial).toMatchObject({ user: { id: 'summary-user' }, recentOrders: [], notifications: null, partial: ['notifications'] });
    const nobody = await signIn(api.url, 'nobody');
    expectProblem(await nobody.getUserSummary('nobody'), 404, '/problems/not-found');
  });
});

describe('the local gateway under THROTTLE_RATE and THROTTLE_BURST', () => {
  let runtime: RunningRuntime;
  let api: ApiClient;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: { THROTTLE_RATE: '1', THROTTLE_BURST: '2' } });
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers 429 with Retry-After once a client app is over its limit, while another app is still served', async () => {
    const token = await api.token('throttled');
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<ApiClient['get']>> | undefined;
    for (let i = 0; i < 6 && !throttled; i += 1) {
      const response = await api.get('/v1/products', { token, apiKey: 'local-mobile-key' });
      statuses.push(response.status);
      if (response.status === 429) throttled = response;
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(throttled, `statuses: ${statuses.join(',')}`).toBeDefined();
    expect(throttled!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(throttled!.body).toMatchObject({ type: '/problems/throttled', status: 429 });
    expect((await api.get('/v1/products', { token, apiKey: 'local-desktop-key' })).status).toBe(200);
  });
});
