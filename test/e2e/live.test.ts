import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../lib/config';
import { ApiClient, unique, WEB_API_KEY } from './support/api-client';
import { signIn } from './support/client';
import { connectLive, liveUrl, upgradeStatus, type LiveConnection } from './support/live-client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { createProduct, placeOrder } from './support/shop';

// Each first call of a function is a cold start (a fresh worker loading its bundle): allow for a busy machine.
describe('live events over a WebSocket, on the local runtime', { timeout: 60_000 }, () => {
  let runtime: ReturnType<typeof sharedLocalRuntime>;
  let api: ApiClient;
  const open: LiveConnection[] = [];
  const connect = async (token: string) => {
    const connection = await connectLive(runtime.url, token);
    open.push(connection);
    return connection;
  };

  beforeAll(() => {
    runtime = sharedLocalRuntime();
    api = new ApiClient(runtime.url);
  });
  afterAll(async () => {
    await Promise.all(open.map((connection) => connection.close()));
    await runtime?.stop();
  });

  it('refuses a connection without a valid token with 401 on the upgrade', async () => {
    expect(await upgradeStatus(liveUrl(runtime.url, { token: 'not-a-token', apiKey: WEB_API_KEY }))).toBe(401);
    expect(await upgradeStatus(liveUrl(runtime.url, { apiKey: WEB_API_KEY }))).toBe(401);
  });

  it('refuses a valid token without a known API key with 403', async () => {
    const token = await api.token(unique('keyless'));
    expect(await upgradeStatus(liveUrl(runtime.url, { token, apiKey: 'no-such-key' }))).toBe(403);
  });

  it('answers a ping with a pong, and anything else with an error, keeping the connection open', async () => {
    const connection = await connect(await api.token(unique('pinger')));

    connection.send('{"action":"subscribe"}');
    const error = await connection.next((message) => message.type === 'error', 'an error');
    connection.send('{"action":"ping"}');
    const pong = await connection.next((message) => message.type === 'pong', 'a pong');

    expect(error).toEqual({ type: 'error', detail: expect.stringContaining('ping') });
    expect(pong).toEqual({ type: 'pong' });
  });

  // The local runtime runs the dev stage's configuration.
  const { maxConnectionsPerUser, maxClientMessagesPerUserPerMinute } = stageConfig('dev').socket;

  it('lets one user open as many connections as the stage allows, and no more, even all at the same instant', async () => {
    const token = await api.token(unique('tabs'));

    const attempts = await Promise.allSettled(Array.from({ length: maxConnectionsPerUser + 3 }, () => connect(token)));

    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(maxConnectionsPerUser);
    for (const attempt of attempts.filter((attempt) => attempt.status === 'rejected')) expect(String(attempt.reason)).toContain('Upgrade refused: 429');
  });

  it("answers a user's messages up to the stage's budget for the minute, counting all their connections together, then errors", async () => {
    const minute = () => Math.floor(Date.now() / 60_000);
    // The budget is per calendar minute (a fixed window): a burst that straddles a minute's end is
    // sent again by a fresh user, which then starts just after it.
    for (let attempt = 1; ; attempt += 1) {
      const token = await api.token(unique('chatty'));
      const [first, second] = [await connect(token), await connect(token)];
      const startedIn = minute();
      const half = Math.ceil(maxClientMessagesPerUserPerMinute / 2);
      for (let sent = 0; sent < half; sent += 1) first.send('{"action":"ping"}');
      for (let sent = half; sent <= maxClientMessagesPerUserPerMinute; sent += 1) second.send('{"action":"ping"}');
      await expect.poll(() => first.messages.length + second.messages.length, { timeout: 30_000 }).toBe(maxClientMessagesPerUserPerMinute + 1);
      if (minute() !== startedIn && attempt < 2) continue;

      const all = [...first.messages, ...second.messages];
      expect(all.filter((message) => message.type === 'pong')).toHaveLength(maxClientMessagesPerUserPerMinute);
      expect(all.filter((message) => message.type === 'error')).toEqual([{ type: 'error', detail: expect.stringContaining(`at most ${maxClientMessagesPerUserPerMinute} a minute`) }]);
      return;
    }
  });

  it("pushes a user's OrderConfirmed and NotificationCreated to them, and nothing of it to another user connected at the same time", async () => {
    const ada = unique('ada');
    const [admin, adaClient, bob] = await Promise.all([signIn(runtime.url, unique('admin'), { groups: ['admin'] }), signIn(runtime.url, ada), signIn(runtime.url, unique('bob'))]);
    const [adaConnection, bobConnection] = await Promise.all([connect(adaClient.token), connect(bob.token)]);
    const product = await createProduct(admin, 5);

    const placedAt = Date.now();
    const order = await placeOrder(adaClient, product.id, 1);
    const confirmed = await adaConnection.next((message) => message.type === 'OrderConfirmed' && (message.data as { orderId?: string }).orderId === order.id, 'OrderConfirmed');
    const pushedAfterMs = Date.now() - placedAt;
    const notification = await adaConnection.next(
      (message) => message.type === 'NotificationCreated' && (message.data as { type?: string }).type === 'OrderConfirmed',
      'NotificationCreated',
    );

    expect(confirmed).toEqual({
      type: 'OrderConfirmed',
      id: expect.any(String),
      occurredAt: expect.any(String),
      correlationId: expect.any(String),
      subject: order.id,
      data: { orderId: order.id, userId: ada },
    });
    expect(notification).toMatchObject({ subject: ada, data: { userId: ada, type: 'OrderConfirmed', message: `Your order ${order.id} is confirmed.` } });
    // Seconds, not the polling interval of a client: cold starts of the consumers included.
    expect(pushedAfterMs).toBeLessThan(20_000);
    // Both events went out to every connection of their user by now; bob's connection got none of them.
    expect(bobConnection.messages).toEqual([]);
  });
});
