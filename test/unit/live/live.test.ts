import { describe, expect, it } from 'vitest';
import { answer, authorize, deliver, openConnection, TooManyConnectionsError, UnauthorizedError, type LiveEvent } from '../../../lambdas/live/live';
import type { IdTokenVerifier } from '../../../lambdas/live/ports';
import { connection, inMemoryConnections, NOW_SECONDS, recordingPoster } from './fakes';

const confirmed = (userId: string): LiveEvent => ({
  id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1B',
  type: 'OrderConfirmed',
  version: 1,
  source: 'orders',
  occurredAt: '2025-03-01T10:00:00.000Z',
  correlationId: 'corr-1',
  subject: 'order-9',
  data: { orderId: 'order-9', userId },
});

describe('delivering an event', () => {
  it("posts the envelope (less version and source) to every open connection of the event's user", async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2'), connection('bob', 'c-3')]);
    const { poster, posted } = recordingPoster();

    const report = await deliver(confirmed('ada'), store, poster, NOW_SECONDS);

    const expected = { type: 'OrderConfirmed', id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', occurredAt: '2025-03-01T10:00:00.000Z', correlationId: 'corr-1', subject: 'order-9', data: { orderId: 'order-9', userId: 'ada' } };
    expect(posted).toEqual([
      { connectionId: 'c-1', message: expected },
      { connectionId: 'c-2', message: expected },
    ]);
    expect(report).toEqual({ delivered: 2, gone: 0, failed: 0, expired: 0 });
  });

  it("never posts to another user's connections", async () => {
    const store = inMemoryConnections([connection('bob', 'c-3')]);
    const { poster, posted } = recordingPoster();

    await deliver(confirmed('ada'), store, poster, NOW_SECONDS);

    expect(posted).toEqual([]);
  });

  it('forgets a connection that answers 410 Gone, and keeps the others', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2')]);
    const { poster } = recordingPoster({ 'c-1': 'gone' });

    const report = await deliver(confirmed('ada'), store, poster, NOW_SECONDS);

    expect(store.all().map((kept) => kept.connectionId)).toEqual(['c-2']);
    expect(report).toMatchObject({ delivered: 1, gone: 1 });
  });

  it('keeps a connection whose post failed otherwise (a timeout), and does not throw', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2')]);
    const { poster, posted } = recordingPoster({ 'c-1': 'failed' });

    const report = await deliver(confirmed('ada'), store, poster, NOW_SECONDS);

    expect(store.all()).toHaveLength(2);
    expect(posted.map((post) => post.connectionId)).toEqual(['c-2']);
    expect(report).toMatchObject({ delivered: 1, failed: 1 });
  });

  it('closes and forgets a connection whose token has expired instead of posting to it', async () => {
    const store = inMemoryConnections([connection('ada', 'c-old', NOW_SECONDS), connection('ada', 'c-1')]);
    const { poster, posted, closed } = recordingPoster();

    await deliver(confirmed('ada'), store, poster, NOW_SECONDS);

    expect(closed).toEqual(['c-old']);
    expect(posted.map((post) => post.connectionId)).toEqual(['c-1']);
    expect(store.all().map((kept) => kept.connectionId)).toEqual(['c-1']);
  });

  it('counts a failure to forget a gone connection as failed, without throwing', async () => {
    const store = { ...inMemoryConnections([connection('ada', 'c-1')]), remove: () => Promise.reject(new Error('throttled')) };
    const { poster } = recordingPoster({ 'c-1': 'gone' });

    await expect(deliver(confirmed('ada'), store, poster, NOW_SECONDS)).resolves.toMatchObject({ failed: 1 });
  });
});

describe('opening a connection', () => {
  it('records the connection under its user', async () => {
    const store = inMemoryConnections();

    await openConnection(store, connection('ada', 'c-1'), 2, NOW_SECONDS);

    expect(store.all()).toEqual([connection('ada', 'c-1')]);
  });

  it('refuses a connection past the per-user bound, counting only unexpired ones', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2'), connection('ada', 'c-old', NOW_SECONDS - 1)]);

    await expect(openConnection(store, connection('ada', 'c-3'), 2, NOW_SECONDS)).rejects.toBeInstanceOf(TooManyConnectionsError);
    await expect(openConnection(store, connection('bob', 'c-4'), 2, NOW_SECONDS)).resolves.toBeUndefined();
  });
});

describe('answering a client message', () => {
  it('answers a ping with a pong', () => {
    expect(answer('{"action":"ping"}')).toEqual({ type: 'pong' });
  });

  it.each([
    ['not JSON', 'ping', 'not JSON'],
    ['another action', '{"action":"subscribe"}', 'Unknown message'],
    ['extra fields', '{"action":"ping","x":1}', 'Unknown message'],
    ['no body', undefined, 'not JSON'],
  ])('answers %s with an error that says why', (_case, body, detail) => {
    expect(answer(body)).toEqual({ type: 'error', detail: expect.stringContaining(detail) });
  });
});

describe('authorizing a connection', () => {
  const verifier: IdTokenVerifier = {
    verify: async (token) => {
      if (token !== 'good') throw new Error('bad signature');
      return { userId: 'ada', expiresAt: NOW_SECONDS + 3600 };
    },
  };

  it('names the user and the token expiry of a valid token', async () => {
    await expect(authorize({ token: 'good', apiKey: 'key' }, verifier)).resolves.toEqual({ userId: 'ada', expiresAt: NOW_SECONDS + 3600, apiKey: 'key' });
  });

  it.each([
    ['no query string', null],
    ['no token', { apiKey: 'key' }],
    ['an invalid token', { token: 'forged', apiKey: 'key' }],
    ['no API key', { token: 'good' }],
  ])('refuses %s', async (_case, query) => {
    await expect(authorize(query, verifier)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
