import { describe, expect, it } from 'vitest';
import { answer, answerWithinBudget, authorize, deliver, openConnection, TooManyConnectionsError, UnauthorizedError, type LiveEvent } from '../../../lambdas/live/live';
import { ConnectionsChangedError, type ConnectionsStore, type IdTokenVerifier } from '../../../lambdas/live/ports';
import { ampleBudget, connection, inMemoryConnections, inMemoryLimiter, NOW_SECONDS, recordingPoster } from './fakes';

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

    const report = await deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS);

    const expected = { type: 'OrderConfirmed', id: '01JNB3W5M2ZQ4Y0P9R6S7T8V1B', occurredAt: '2025-03-01T10:00:00.000Z', correlationId: 'corr-1', subject: 'order-9', data: { orderId: 'order-9', userId: 'ada' } };
    expect(posted).toEqual([
      { connectionId: 'c-1', message: expected },
      { connectionId: 'c-2', message: expected },
    ]);
    expect(report).toEqual({ delivered: 2, gone: 0, failed: 0, expired: 0, overBudget: 0 });
  });

  it("never posts to another user's connections", async () => {
    const store = inMemoryConnections([connection('bob', 'c-3')]);
    const { poster, posted } = recordingPoster();

    await deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS);

    expect(posted).toEqual([]);
  });

  it('forgets a connection that answers 410 Gone, and keeps the others', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2')]);
    const { poster } = recordingPoster({ 'c-1': 'gone' });

    const report = await deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS);

    expect(store.all().map((kept) => kept.connectionId)).toEqual(['c-2']);
    expect(report).toMatchObject({ delivered: 1, gone: 1 });
  });

  it('keeps a connection whose post failed otherwise (a timeout), and does not throw', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2')]);
    const { poster, posted } = recordingPoster({ 'c-1': 'failed' });

    const report = await deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS);

    expect(store.all()).toHaveLength(2);
    expect(posted.map((post) => post.connectionId)).toEqual(['c-2']);
    expect(report).toMatchObject({ delivered: 1, failed: 1 });
  });

  it('closes and forgets a connection whose token has expired instead of posting to it', async () => {
    const store = inMemoryConnections([connection('ada', 'c-old', NOW_SECONDS), connection('ada', 'c-1')]);
    const { poster, posted, closed } = recordingPoster();

    await deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS);

    expect(closed).toEqual(['c-old']);
    expect(posted.map((post) => post.connectionId)).toEqual(['c-1']);
    expect(store.all().map((kept) => kept.connectionId)).toEqual(['c-1']);
  });

  it('counts a failure to forget a gone connection as failed, without throwing', async () => {
    const store = { ...inMemoryConnections([connection('ada', 'c-1')]), remove: () => Promise.reject(new Error('throttled')) };
    const { poster } = recordingPoster({ 'c-1': 'gone' });

    await expect(deliver(confirmed('ada'), store, poster, ampleBudget(), NOW_SECONDS)).resolves.toMatchObject({ failed: 1 });
  });

  it("stops pushing to a user past their budget for the minute, without touching other users' or the next minute's", async () => {
    const store = inMemoryConnections([connection('ada', 'c-1'), connection('ada', 'c-2'), connection('bob', 'c-3')]);
    const { poster, posted } = recordingPoster();
    const budget = { limiter: inMemoryLimiter(), limitPerMinute: 2 };
    const minute = NOW_SECONDS - (NOW_SECONDS % 60);

    const reports = [];
    for (const second of [0, 10, 20]) reports.push(await deliver(confirmed('ada'), store, poster, budget, minute + second));
    const bobs = await deliver(confirmed('bob'), store, poster, budget, minute + 30);
    const nextMinute = await deliver(confirmed('ada'), store, poster, budget, minute + 60);

    expect(reports.map((report) => [report.delivered, report.overBudget])).toEqual([
      [2, 0],
      [2, 0],
      [0, 2],
    ]);
    expect(bobs).toMatchObject({ delivered: 1, overBudget: 0 });
    expect(nextMinute).toMatchObject({ delivered: 2, overBudget: 0 });
    // Each event pushed to both of ada's apps counts once against her budget, not once per app.
    expect(posted.filter((post) => post.connectionId !== 'c-3')).toHaveLength(6);
  });

  it('spends no budget on a user with no open connection, and still closes their expired ones past the budget', async () => {
    const limiter = inMemoryLimiter();
    const offline = await deliver(confirmed('ada'), inMemoryConnections(), recordingPoster().poster, { limiter, limitPerMinute: 1 }, NOW_SECONDS);
    expect(offline).toMatchObject({ delivered: 0, overBudget: 0 });
    expect(limiter.taken.size).toBe(0);

    const store = inMemoryConnections([connection('ada', 'c-old', NOW_SECONDS), connection('ada', 'c-1')]);
    const { poster, closed } = recordingPoster();
    const spent = { limiter, limitPerMinute: 0 };
    await expect(deliver(confirmed('ada'), store, poster, spent, NOW_SECONDS)).resolves.toMatchObject({ expired: 1, overBudget: 1, delivered: 0 });
    expect(closed).toEqual(['c-old']);
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

  it('lets only as many simultaneous connects of one user through as the bound allows', async () => {
    const store = inMemoryConnections([connection('ada', 'c-1')]);

    const outcomes = await Promise.allSettled(['c-2', 'c-3', 'c-4', 'c-5'].map((id) => openConnection(store, connection('ada', id), 3, NOW_SECONDS)));

    expect(store.all()).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    for (const outcome of outcomes.filter((outcome) => outcome.status === 'rejected')) expect(outcome.reason).toBeInstanceOf(TooManyConnectionsError);
  });

  it('counts again when another connect of the user came first, and refuses one that keeps losing', async () => {
    const store = inMemoryConnections();
    let lost = 0;
    const racing = (losses: number): ConnectionsStore => ({
      ...store,
      add: async (added, seenVersion) => {
        if (lost < losses) {
          lost += 1;
          throw new ConnectionsChangedError(added.userId);
        }
        return store.add(added, seenVersion);
      },
    });

    await openConnection(racing(2), connection('ada', 'c-1'), 5, NOW_SECONDS);
    expect(store.all().map((kept) => kept.connectionId)).toEqual(['c-1']);

    lost = 0;
    await expect(openConnection(racing(3), connection('ada', 'c-2'), 5, NOW_SECONDS)).rejects.toBeInstanceOf(TooManyConnectionsError);
    expect(store.all()).toHaveLength(1);
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

describe("a client's message budget", () => {
  it('answers the messages within the user\'s budget for the minute, all their connections together, and errors past it', async () => {
    const limiter = inMemoryLimiter();
    const minute = NOW_SECONDS - (NOW_SECONDS % 60);
    const ping = '{"action":"ping"}';

    const answers = [];
    for (const second of [0, 1, 2]) answers.push(await answerWithinBudget(limiter, 'ada', ping, 2, minute + second));

    expect(answers.slice(0, 2)).toEqual([{ type: 'pong' }, { type: 'pong' }]);
    expect(answers[2]).toEqual({ type: 'error', detail: expect.stringContaining('at most 2 a minute') });
    await expect(answerWithinBudget(limiter, 'bob', ping, 2, minute + 3)).resolves.toEqual({ type: 'pong' });
    await expect(answerWithinBudget(limiter, 'ada', ping, 2, minute + 60)).resolves.toEqual({ type: 'pong' });
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
