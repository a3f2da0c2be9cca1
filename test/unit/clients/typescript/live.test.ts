/**
 * `client.live` against a real WebSocket server (`ws` on 127.0.0.1): events dispatched by type,
 * unsubscribing, pings and dead sockets, reconnection with back-off, 4001 and fresh tokens, and
 * nothing left running after close. Conditions are awaited with deadlines, never fixed sleeps.
 */
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  createApiClient,
  DEFAULT_LIVE_POLICY,
  type ApiClient,
  type LivePolicy,
  type LiveSocketConstructor,
  type LiveState,
  type TokenOptions,
  type TokenProvider,
} from '../../../../clients/typescript/src/index';
import { retryDelayMs } from '../../../../clients/typescript/src/live';
import { envelope, recordingWebSocket, startLiveServer, until, type LiveServer, type LiveServerOptions } from './live-server';

/** Fast enough for a test, slow enough that a busy machine does not miss a pong. */
const FAST: LivePolicy = { pingEveryMs: 60_000, pongWithinMs: 1_000, firstRetryMs: 40, maxRetryMs: 160 };

/** Tokens `token-1`, `token-2`, …: a new one on the first call and whenever a fresh one is asked for. */
const countingTokens = (): TokenProvider & { readonly asked: (TokenOptions | undefined)[] } => {
  const asked: (TokenOptions | undefined)[] = [];
  let issued = 0;
  return {
    asked,
    getToken: async (options) => {
      asked.push(options);
      if (issued === 0 || options?.forceRefresh) issued += 1;
      return `token-${issued}`;
    },
  };
};

const servers: LiveServer[] = [];
const clients: ApiClient[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.live.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const setUp = async (serverOptions: LiveServerOptions = {}, policy: Partial<LivePolicy> = {}, random = () => 0) => {
  const server = await startLiveServer(serverOptions);
  servers.push(server);
  const tokens = countingTokens();
  const recording = recordingWebSocket();
  const client = createApiClient({ baseUrl: server.baseUrl, apiKey: 'local-web-key', tokens, WebSocket: recording.WebSocket, livePolicy: { ...FAST, ...policy }, random });
  clients.push(client);
  const states: LiveState[] = [];
  client.live.onState((state) => states.push(state));
  return { server, client, tokens, states, sockets: recording.sockets };
};

describe('client.live', () => {
  it('connects to the REST origin at /v1/live with the token and the API key, and dispatches each event to the listeners of its type', async () => {
    const { server, client } = await setUp();
    const confirmed: unknown[] = [];
    const rejected: unknown[] = [];

    client.live.on('OrderConfirmed', (event) => confirmed.push(event));
    client.live.on('OrderRejected', (event) => rejected.push(event));
    await until(() => client.live.state === 'open', 'the socket to open');
    const order = envelope('OrderConfirmed', { orderId: 'o-1', userId: 'alice' });
    const refusal = envelope('OrderRejected', { orderId: 'o-2', userId: 'alice', reason: 'Not enough stock' });
    server.push(refusal);
    server.push(order);
    await until(() => confirmed.length === 1 && rejected.length === 1, 'both events');

    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.url.pathname).toBe('/v1/live');
    expect(Object.fromEntries(server.connections[0]!.url.searchParams)).toEqual({ token: 'token-1', apiKey: 'local-web-key' });
    expect(confirmed).toEqual([order]);
    expect(rejected).toEqual([refusal]);
  });

  it('types each event from the event documents, and accepts only the event types it pushes', () => {
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'key' });
    // Types only: nothing is called, so nothing connects.
    const listen = (): void => {
      client.live.on('OrderRejected', (event) => expectTypeOf(event.data.reason).toEqualTypeOf<string>());
      client.live.on('OrderCancelled', (event) => expectTypeOf(event.data.previousStatus).toEqualTypeOf<'PENDING' | 'CONFIRMED'>());
      client.live.on('NotificationCreated', (event) => expectTypeOf(event.data.message).toEqualTypeOf<string>());
      // @ts-expect-error StockReserved is never pushed to a client.
      client.live.on('StockReserved', () => undefined);
    };
    expectTypeOf(listen).toBeFunction();
    expect(client.live.state).toBe('closed');
  });

  it('ignores event types it does not know and messages that are not JSON, and keeps dispatching', async () => {
    const { server, client } = await setUp();
    const received: string[] = [];
    client.live.on('NotificationCreated', (event) => received.push(event.data.message));
    await until(() => client.live.state === 'open', 'the socket to open');

    server.push(envelope('SomethingNew', { id: 'x' }));
    server.connections[0]!.socket.send('not json');
    server.push(envelope('NotificationCreated', { id: 'n-1', type: 'OrderConfirmed', message: 'Your order is confirmed', createdAt: '2026-12-02T10:00:00.000Z' }));
    await until(() => received.length === 1, 'the notification');

    expect(received).toEqual(['Your order is confirmed']);
    expect(client.live.state).toBe('open');
  });

  it('stops a listener with the function `on` returns, and closes the socket when nothing listens any more', async () => {
    const { server, client, states } = await setUp();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = client.live.on('OrderConfirmed', (event) => first.push(event.id));
    const stopSecond = client.live.on('OrderConfirmed', (event) => second.push(event.id));
    await until(() => client.live.state === 'open', 'the socket to open');

    stopFirst();
    server.push(envelope('OrderConfirmed', { orderId: 'o-1', userId: 'alice' }, 'evt-1'));
    await until(() => second.length === 1, 'the event');
    stopSecond();
    await until(() => server.connections[0]!.closedWith !== undefined, 'the socket to close');

    expect(first).toEqual([]);
    expect(second).toEqual(['evt-1']);
    expect(server.connections[0]!.closedWith).toBe(1000);
    expect(states.at(-1)).toBe('closed');
  });

  it('surfaces the server’s error messages to onError', async () => {
    const { server, client } = await setUp();
    const errors: string[] = [];
    client.live.onError((detail) => errors.push(detail));
    client.live.on('OrderConfirmed', () => undefined);
    await until(() => client.live.state === 'open', 'the socket to open');

    server.push({ type: 'error', detail: 'Unknown action' });
    await until(() => errors.length === 1, 'the error');

    expect(errors).toEqual(['Unknown action']);
    expect(client.live.state).toBe('open');
  });

  it('pings an open socket and keeps it while pongs come back', async () => {
    const { server, client } = await setUp({}, { pingEveryMs: 20 });
    client.live.on('OrderConfirmed', () => undefined);

    await until(() => (server.connections[0]?.received.length ?? 0) >= 3, 'three pings');

    expect(server.connections[0]!.received.slice(0, 3)).toEqual([{ action: 'ping' }, { action: 'ping' }, { action: 'ping' }]);
    expect(server.connections).toHaveLength(1);
    expect(client.live.state).toBe('open');
  });

  it('drops a socket whose ping gets no pong within the deadline, and opens another', async () => {
    const { server, client, states } = await setUp({ answerPings: false }, { pingEveryMs: 20, pongWithinMs: 50 });
    client.live.on('OrderConfirmed', () => undefined);

    await until(() => server.connections.length === 2, 'a second connection');
    await until(() => server.connections[0]!.closedWith !== undefined, 'the first socket to close');

    expect(server.connections[0]!.received).toEqual([{ action: 'ping' }]);
    expect(server.connections[0]!.closedWith).toBe(4000);
    expect(states.slice(0, 4)).toEqual(['connecting', 'open', 'closed', 'connecting']);
  });

  it('reconnects after the server drops the socket, waiting longer after each attempt that fails', async () => {
    const { server, client, tokens } = await setUp({ onConnection: ({ socket }) => socket.close(1011) });

    client.live.on('OrderConfirmed', () => undefined);
    await until(() => server.attempts.length >= 5, 'five attempts');

    // random() = 0: the waits are the lower halves of 40, 80, 160, 160 ms (the bound).
    const gaps = server.attempts.slice(1, 5).map((at, i) => at - server.attempts[i]!);
    [20, 40, 80, 80].forEach((least, i) => expect(gaps[i], `wait ${i + 1} of ${gaps.join(', ')}`).toBeGreaterThanOrEqual(least - 2));
    // The same token each time: only a 4001 asks for a fresh one.
    expect(new Set(server.connections.map(({ url }) => url.searchParams.get('token')))).toEqual(new Set(['token-1']));
    expect(tokens.asked.every((options) => !options?.forceRefresh)).toBe(true);
  });

  it('reconnects with a fresh token when the server closes with 4001 (token expired)', async () => {
    const { server, client, tokens } = await setUp({ onConnection: (connection) => connection.url.searchParams.get('token') === 'token-1' && connection.socket.close(4001, 'Token expired') });
    client.live.on('OrderConfirmed', () => undefined);

    await until(() => server.connections.length === 2 && client.live.state === 'open', 'the second connection to open');

    expect(server.connections.map(({ url }) => url.searchParams.get('token'))).toEqual(['token-1', 'token-2']);
    expect(tokens.asked).toEqual([undefined, { forceRefresh: true }]);
  });

  it('does not loop fast when the upgrade is refused with 401: each attempt waits longer than the last', async () => {
    const { server, client, states } = await setUp({ refuseWith: 401 });

    client.live.on('OrderConfirmed', () => undefined);
    await until(() => server.attempts.length >= 4, 'four attempts');

    const gaps = server.attempts.slice(1, 4).map((at, i) => at - server.attempts[i]!);
    [20, 40, 80].forEach((least, i) => expect(gaps[i], `wait ${i + 1} of ${gaps.join(', ')}`).toBeGreaterThanOrEqual(least - 2));
    expect(server.connections).toHaveLength(0);
    expect(states).not.toContain('open');
  });

  it('leaves no timer running after close: neither the next ping, nor a ping’s deadline, nor the next attempt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { server, client, sockets } = await setUp({ answerPings: false }, { pingEveryMs: 1_000, pongWithinMs: 1_000 });
    client.live.on('OrderConfirmed', () => undefined);
    await until(() => client.live.state === 'open', 'the socket to open');
    expect(vi.getTimerCount(), 'the next ping').toBe(1);

    vi.advanceTimersByTime(1_000);
    await until(() => server.connections[0]!.received.length === 1, 'the ping');
    expect(vi.getTimerCount(), 'the ping’s deadline').toBe(1);
    client.live.close();
    await until(() => sockets.every((socket) => socket.readyState === socket.CLOSED), 'the socket to close');
    expect(vi.getTimerCount(), 'after closing an open socket').toBe(0);

    const refusing = await startLiveServer({ refuseWith: 401 });
    servers.push(refusing);
    const retrying = createApiClient({ baseUrl: refusing.baseUrl, apiKey: 'key', tokens: countingTokens(), WebSocket: recordingWebSocket().WebSocket, livePolicy: FAST });
    retrying.live.on('OrderConfirmed', () => undefined);
    await until(() => retrying.live.state === 'closed' && vi.getTimerCount() === 1, 'the wait before the next attempt');
    retrying.live.close();
    expect(vi.getTimerCount(), 'after closing while waiting to retry').toBe(0);
  });

  it('tries again, after a wait, when the WebSocket constructor throws', async () => {
    const server = await startLiveServer();
    servers.push(server);
    const { WebSocket: Real } = recordingWebSocket();
    let constructed = 0;
    const client = createApiClient({
      baseUrl: server.baseUrl,
      apiKey: 'key',
      livePolicy: FAST,
      WebSocket: class {
        constructor(url: string) {
          constructed += 1;
          if (constructed === 1) throw new DOMException('Refused by the content security policy', 'SecurityError');
          return new Real(url);
        }
      } as unknown as LiveSocketConstructor,
    });
    clients.push(client);
    const states: LiveState[] = [];
    client.live.onState((state) => states.push(state));

    client.live.on('OrderConfirmed', () => undefined);
    await until(() => client.live.state === 'open', 'the socket to open');

    expect(constructed).toBe(2);
    expect(states).toEqual(['connecting', 'closed', 'connecting', 'open']);
  });

  it('opens again on `on` after close', async () => {
    const { server, client } = await setUp();
    client.live.on('OrderConfirmed', () => undefined);
    await until(() => client.live.state === 'open', 'the socket to open');
    client.live.close();
    const received: string[] = [];

    client.live.on('OrderCancelled', (event) => received.push(event.data.previousStatus));
    await until(() => server.connections.length === 2 && client.live.state === 'open', 'a new socket to open');
    server.push(envelope('OrderCancelled', { orderId: 'o-1', userId: 'alice', previousStatus: 'CONFIRMED' }));
    await until(() => received.length === 1, 'the event');

    expect(received).toEqual(['CONFIRMED']);
  });

  it('says what to do where there is no WebSocket (Node 20) and none is given', () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      const client = createApiClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'key' });
      expect(() => client.live.on('OrderConfirmed', () => undefined)).toThrow(/pass the WebSocket option/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('derives a stage’s socket from `liveUrl`, not from the REST URL', async () => {
    const server = await startLiveServer();
    servers.push(server);
    const client = createApiClient({ baseUrl: 'https://api.example.test/dev', liveUrl: `${server.baseUrl.replace('http', 'ws')}/v1/live`, apiKey: 'key', WebSocket: recordingWebSocket().WebSocket });
    clients.push(client);

    client.live.on('OrderConfirmed', () => undefined);
    await until(() => client.live.state === 'open', 'the socket to open');

    expect(Object.fromEntries(server.connections[0]!.url.searchParams)).toEqual({ apiKey: 'key' });
  });
});

describe('retryDelayMs', () => {
  const policy = DEFAULT_LIVE_POLICY;

  it('doubles per failed attempt, up to the bound, jittering the upper half only', () => {
    const least = [0, 1, 2, 3, 4, 5, 6, 10].map((failures) => retryDelayMs(failures, policy, () => 0));
    const most = [0, 1, 2, 3, 4, 5, 6, 10].map((failures) => retryDelayMs(failures, policy, () => 1));

    expect(least).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(most).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
