/**
 * A live events server for the client's tests: a real `ws` WebSocketServer on 127.0.0.1 (a free
 * port) at /v1/live, which records each connection and each attempt, answers pings unless told
 * not to, and can refuse upgrades with a status as API Gateway's authorizer does.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import type { LiveSocketConstructor } from '../../../../clients/typescript/src/index';

interface LiveConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  /** What the client sent, parsed. */
  readonly received: unknown[];
  /** The close code, once closed. */
  closedWith?: number;
}

export interface LiveServerOptions {
  /** Answer `{"action":"ping"}` with `{"type":"pong"}`. @default true */
  readonly answerPings?: boolean;
  /** Refuse every upgrade with this HTTP status. */
  readonly refuseWith?: number;
  /** Called with each new connection, e.g. to drop it. */
  readonly onConnection?: (connection: LiveConnection) => void;
}

export interface LiveServer {
  /** The REST base URL a client is given: the socket is at the same origin, `/v1/live`. */
  readonly baseUrl: string;
  readonly connections: LiveConnection[];
  /** When each upgrade request arrived (performance.now()), refused or not. */
  readonly attempts: number[];
  /** Sends to every open connection. */
  push(message: unknown): void;
  close(): Promise<void>;
}

export const startLiveServer = async (options: LiveServerOptions = {}): Promise<LiveServer> => {
  const attempts: number[] = [];
  const connections: LiveConnection[] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/v1/live',
    verifyClient: (_info, accept) => {
      attempts.push(performance.now());
      if (options.refuseWith === undefined) accept(true);
      else accept(false, options.refuseWith);
    },
  });
  await once(server, 'listening');
  server.on('connection', (socket, request) => {
    const connection: LiveConnection = { socket, url: new URL(request.url!, 'ws://127.0.0.1'), received: [] };
    connections.push(connection);
    socket.on('message', (data) => {
      const message: unknown = JSON.parse(String(data));
      connection.received.push(message);
      if ((message as { action?: unknown }).action === 'ping') {
        if (options.answerPings !== false) socket.send(JSON.stringify({ type: 'pong' }));
      } else socket.send(JSON.stringify({ type: 'error', detail: 'Unknown action' }));
    });
    socket.on('close', (code) => (connection.closedWith = code));
    options.onConnection?.(connection);
  });
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    connections,
    attempts,
    push: (message) => {
      for (const { socket } of connections) if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
};

/** The `ws` package's WebSocket, recording the sockets the client opens (to wait until they are closed). */
export const recordingWebSocket = (): { readonly WebSocket: LiveSocketConstructor; readonly sockets: WebSocket[] } => {
  const sockets: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: Recording, sockets };
};

/** Waits with node:timers/promises (which tests that fake the global timers leave real) until `condition` holds; fails after `ms`. */
export const until = async (condition: () => boolean, what: string, ms = 5_000): Promise<void> => {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await delay(5);
  }
};

/** An event as the server pushes it: the envelope of a domain event. */
export const envelope = <T extends string>(type: T, data: Record<string, unknown>, id = `evt-${type}`) => ({
  type,
  id,
  occurredAt: '2026-12-02T10:00:00.000Z',
  correlationId: 'corr-1',
  subject: String(data.orderId ?? data.id ?? 'subject'),
  data,
});
