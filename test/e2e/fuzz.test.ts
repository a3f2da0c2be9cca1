/**
 * The API against its OpenAPI document, over real HTTP: a bounded fuzz run with a fixed seed
 * (test/fuzz/), then the defects earlier probing found, each as the exact request that showed it.
 * `npm run fuzz -- --runs N --seed S` runs the same properties for longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNTIME_ENV, runFuzz } from '../fuzz/fuzz';
import { ApiClient, unique } from './support/api-client';
import { startLocalRuntime, type RunningRuntime } from './support/local-runtime';

const SEED = 20261202;

describe('every request a client can send', { timeout: 240_000 }, () => {
  let runtime: RunningRuntime;
  let api: ApiClient;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: FUZZ_RUNTIME_ENV });
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it(`gets a documented answer and never a 5xx, and invalid ones change nothing (seed ${SEED})`, async () => {
    const report = await runFuzz({ url: runtime.url, runs: 220, invalidRuns: 80, seed: SEED });

    expect(report.requests).toBeGreaterThanOrEqual(300);
    // Every operation was reached, past the gateway's checks at least once.
    const reached = Object.entries(report.statuses).filter(([, counts]) => Object.keys(counts).some((status) => !['401', '403'].includes(status)));
    expect(reached.length).toBe(Object.keys(report.statuses).length);
  });

  describe('the requests that once got through', () => {
    const signUp = async () => {
      const id = unique('user');
      const token = await api.token(id);
      const created = await api.post('/v1/users', { token, body: { name: 'Ada', email: `${id}@example.com` } });
      expect(created.status, created.text).toBe(201);
      return { id, token };
    };

    it('answers 404, not 500, to a 3,000-character id on every route that takes one', async () => {
      const { token } = await signUp();
      const long = 'a'.repeat(3000);
      for (const [method, path] of [['GET', `/v1/orders/${long}`], ['POST', `/v1/orders/${long}/cancel`], ['GET', `/v1/users/${long}`], ['GET', `/v1/users/${long}/summary`]] as const) {
        const response = await api.request(method, path, { token });
        expect(response.status, `${method} ${path.slice(0, 30)}`).toBe(404);
      }
    });

    it('answers 400, not 500, to an orders cursor with an empty key part', async () => {
      const { id, token } = await signUp();
      for (const part of ['gsi1sk', 'pk', 'sk']) {
        const key = { pk: 'ORDER#01JD0000000000000000000002', sk: 'ORDER', gsi1pk: `USER#${id}`, gsi1sk: 'ORDER#01JD0000000000000000000002', [part]: '' };
        const response = await api.get(`/v1/users/${id}/orders?cursor=${Buffer.from(JSON.stringify(key)).toString('base64url')}`, { token });
        expect(response.status, part).toBe(400);
        expect(response.body.errors).toEqual([{ path: '/cursor', message: 'Invalid cursor' }]);
      }
    });

    it('answers 400 with the parameter named, not 500, to a query parameter called __proto__', async () => {
      const { token } = await signUp();
      const response = await api.get('/v1/products?__proto__=x', { token });
      expect(response.status, response.text).toBe(400);
      expect(response.body.errors).toEqual([{ path: '/__proto__', message: 'Unknown field' }]);
    });

    it('names the unknown field of a body, and calls malformed JSON malformed', async () => {
      const token = await api.token(unique('user'));
      const unknownField = await api.post('/v1/users', { token, body: { name: 'Ada', email: 'ada@example.com', isAdmin: true } });
      const malformed = await api.post('/v1/users', { token, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });

      expect(unknownField.status).toBe(400);
      expect(unknownField.body).toMatchObject({ type: '/problems/validation', errors: [{ path: '/isAdmin', message: 'Unknown field' }] });
      expect(malformed.status).toBe(400);
      expect(malformed.body.type).toBe('/problems/malformed-json');
    });

    it('refuses text that is not text: control characters, invalid UTF-8 and another charset', async () => {
      const id = unique('user');
      const token = await api.token(id);
      const headers = { authorization: `Bearer ${token}`, 'x-api-key': 'local-web-key', 'content-type': 'application/json' };
      const send = (body: Buffer | string, contentType = 'application/json') =>
        fetch(`${runtime.url}/v1/users`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });

      const control = await send(JSON.stringify({ name: 'evil\u202etxt\u0000', email: `${id}@example.com` }));
      const invalidUtf8 = await send(Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xff, 0xfe]), Buffer.from(`","email":"${id}@example.com"}`)]));
      const utf16 = await send(JSON.stringify({ name: 'Ada', email: `${id}@example.com` }), 'application/json; charset=utf-16');

      expect([control.status, await control.json()]).toMatchObject([400, { type: '/problems/validation', errors: [{ path: '/name' }] }]);
      expect([invalidUtf8.status, ((await invalidUtf8.json()) as { type: string }).type]).toEqual([400, '/problems/malformed-json']);
      expect([utf16.status, ((await utf16.json()) as { type: string }).type]).toEqual([415, '/problems/unsupported-media-type']);
      expect((await api.get(`/v1/users/${id}`, { token })).status).toBe(404);
    });

    it("shows an admin a user's notifications through their list and the summary alike", async () => {
      const { id } = await signUp();
      const admin = await api.token(unique('admin'), ['admin']);

      const list = await api.get(`/v1/users/${id}/notifications`, { token: admin });
      const summary = await api.get(`/v1/users/${id}/summary`, { token: admin });

      expect(list.status, list.text).toBe(200);
      expect(summary.status, summary.text).toBe(200);
      expect(summary.body.notifications).not.toBeNull();
    });
  });
});
