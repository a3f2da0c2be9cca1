import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../clients/typescript/src/index';
import { BASE_URL, fakeFetch, json, problem } from './fake-fetch';

const user = (name: string) => ({ id: 'u-1', email: 'alice@example.com', name, createdAt: '2026-12-02T08:00:00.000Z', updatedAt: '2026-12-02T08:00:00.000Z' });
const clientFor = (fetch: ReturnType<typeof fakeFetch>['fetch']) => createApiClient({ baseUrl: BASE_URL, apiKey: 'web-key', fetch });

describe('ETag and If-Match', () => {
  it('sends the ETag of the last read as If-Match, then the ETag of the update', async () => {
    const { fetch, sent } = fakeFetch(json(200, user('Alice'), { etag: '"1"' }), json(200, user('Ada'), { etag: '"2"' }), json(200, user('Ann'), { etag: '"3"' }));
    const client = clientFor(fetch);

    const read = await client.getUser('u-1');
    const first = await client.updateUser('u-1', { name: 'Ada' });
    await client.updateUser('u-1', { name: 'Ann' });

    expect(read).toMatchObject({ ok: true, etag: '"1"' });
    expect(first).toMatchObject({ ok: true, etag: '"2"', data: { name: 'Ada' } });
    expect(sent.map((request) => [request.method, request.headers.get('if-match')])).toEqual([
      ['GET', null],
      ['PATCH', '"1"'],
      ['PATCH', '"2"'],
    ]);
    expect(sent[1]!.body).toEqual({ name: 'Ada' });
  });

  it('keeps the ETag of a created resource under its Location', async () => {
    const { fetch, sent } = fakeFetch(json(201, user('Alice'), { etag: '"1"', location: '/dev/v1/users/u-1' }), json(200, user('Ada'), { etag: '"2"' }));
    const client = clientFor(fetch);

    await client.createUser({ email: 'alice@example.com', name: 'Alice' });
    await client.updateUser('u-1', { name: 'Ada' });

    expect(sent[1]!.headers.get('if-match')).toBe('"1"');
  });

  it("never sends one resource's ETag for another", async () => {
    const { fetch, sent } = fakeFetch(json(200, user('Alice'), { etag: '"1"' }), problem(428, 'precondition-required'));
    const client = clientFor(fetch);

    await client.getUser('u-1');
    const result = await client.updateUser('u-2', { name: 'Bob' });

    expect(sent[1]!.headers.has('if-match')).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { kind: 'problem', status: 428, problem: { type: '/problems/precondition-required' } } });
  });

  it('sends the If-Match the caller gives over the one it kept', async () => {
    const { fetch, sent } = fakeFetch(json(200, user('Alice'), { etag: '"1"' }), json(200, user('Ada'), { etag: '"5"' }));
    const client = clientFor(fetch);

    await client.getUser('u-1');
    await client.updateUser('u-1', { name: 'Ada' }, { ifMatch: '"4"' });

    expect(sent[1]!.headers.get('if-match')).toBe('"4"');
  });

  it('surfaces a 412 as a typed edit conflict, and forgets the stale ETag', async () => {
    const { fetch, sent } = fakeFetch(
      json(200, user('Alice'), { etag: '"1"' }),
      problem(412, 'precondition-failed'),
      problem(428, 'precondition-required'),
    );
    const client = clientFor(fetch);

    await client.getUser('u-1');
    const conflict = await client.updateUser('u-1', { name: 'Ada' });
    await client.updateUser('u-1', { name: 'Ada' });

    expect(conflict).toMatchObject({ ok: false, error: { kind: 'edit-conflict', status: 412, problem: { type: '/problems/precondition-failed' } } });
    expect(sent.map((request) => request.headers.get('if-match'))).toEqual([null, '"1"', null]);
  });
});
