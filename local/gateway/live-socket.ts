/**
 * The local WebSocket API, on the REST API's port at the socket's path (`/v1/live`): what API
 * Gateway does for the live socket, with the same functions.
 *
 * - The upgrade request runs the socket's Lambda authorizer (its `token` and `apiKey` query
 *   parameters) and then $connect; a refused token is answered 401 on the upgrade, an unknown
 *   API key 403, a $connect that returns another status (429, too many connections) that status.
 * - Each message runs $default; its return value is sent back (a route response).
 * - A closed connection runs $disconnect.
 * - The server closes a connection with code 4001 when its token expires.
 * - Functions post to connections through `/_local/live/@connections/{id}` (the Management API's
 *   local stand-in, `connections`): 410 for an id that is not open.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SocketRouteKey } from '../../lib/declaration';
import type { InvocationResult } from '../functions/function-pool';
import type { RuntimeLog } from '../log';
import type { UsagePlans } from './usage-plans';

/** The close code the contract gives a connection whose token expired. */
const TOKEN_EXPIRED_CLOSE_CODE = 4001;
/** How long the upgrade waits for the authorizer and $connect, like a route's integration. */
const CONNECT_TIMEOUT_MS = 29_000;

export interface LiveSocketDeps {
  /** The socket's full path, e.g. `/v1/live`. */
  readonly path: string;
  readonly invoke: (role: SocketRouteKey | 'authorizer', event: unknown) => Promise<InvocationResult>;
  readonly usagePlans: UsagePlans;
  readonly log: RuntimeLog;
}

/** The open connections, by id: what the Management API's stand-in posts to and closes. */
export interface LocalConnections {
  /** Sends `data` on the connection; false when it is not open (the API answers 410 Gone). */
  post(connectionId: string, data: string): boolean;
  /** Closes the connection (as its token expired); false when it is not open. */
  close(connectionId: string): boolean;
}

interface AuthorizerResult {
  readonly principalId?: string;
  readonly context?: Record<string, string | number | boolean>;
}

const refuse = (socket: Duplex, status: number, reason: string): void => {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
};

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);

export class LiveSocket implements LocalConnections {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly open = new Map<string, WebSocket>();

  constructor(private readonly deps: LiveSocketDeps) {}

  /** Whether an upgrade request is for this socket. */
  handles(request: IncomingMessage): boolean {
    return new URL(request.url ?? '/', 'http://127.0.0.1').pathname === this.deps.path;
  }

  /** Takes an upgrade request: authorizes it, runs $connect, then opens the connection. */
  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const connectionId = randomBytes(12).toString('base64url');
    const requestContext = { connectionId, routeKey: '$connect', eventType: 'CONNECT', stage: 'local', requestTimeEpoch: Date.now() };

    const authorized = await withTimeout(
      this.deps.invoke('authorizer', { type: 'REQUEST', methodArn: `arn:aws:execute-api:us-east-1:000000000000:local/local/$connect`, queryStringParameters: query, requestContext }),
      CONNECT_TIMEOUT_MS,
    );
    // A Lambda authorizer that throws "Unauthorized" makes API Gateway answer 401; anything else it throws, 500.
    if (authorized === 'timeout' || !authorized.ok) {
      const unauthorized = authorized !== 'timeout' && !authorized.ok && authorized.error.errorMessage === 'Unauthorized';
      if (!unauthorized) this.deps.log.warn(`live socket: the authorizer failed: ${authorized === 'timeout' ? 'timeout' : authorized.error.errorMessage}`);
      refuse(socket, unauthorized ? 401 : 500, unauthorized ? 'Unauthorized' : 'Internal Server Error');
      return;
    }
    const check = this.deps.usagePlans.check(query.apiKey);
    if (!check.ok) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const { principalId, context = {} } = authorized.value as AuthorizerResult;
    const authorizer = { ...context, principalId };

    const connected = await withTimeout(this.deps.invoke('$connect', { requestContext: { ...requestContext, authorizer } }), CONNECT_TIMEOUT_MS);
    const status = connected !== 'timeout' && connected.ok ? Number((connected.value as { statusCode?: number }).statusCode ?? 200) : 500;
    if (status < 200 || status > 299) {
      refuse(socket, status, status === 429 ? 'Too Many Requests' : 'Refused');
      return;
    }

    this.server.handleUpgrade(request, socket, head, (ws) => this.opened(ws, connectionId, authorizer));
  }

  private opened(ws: WebSocket, connectionId: string, authorizer: Record<string, unknown>): void {
    this.open.set(connectionId, ws);
    const context = (routeKey: SocketRouteKey, eventType: string) => ({ connectionId, routeKey, eventType, stage: 'local', authorizer, requestTimeEpoch: Date.now() });
    const expiresAt = Number(authorizer.expiresAt);
    // API Gateway keeps a connection up to 2 hours whatever the token says; the contract closes it when the token expires.
    const expiry = Number.isFinite(expiresAt)
      ? setTimeout(() => ws.close(TOKEN_EXPIRED_CLOSE_CODE, 'The token has expired'), Math.max(0, expiresAt * 1000 - Date.now()))
      : undefined;
    expiry?.unref();

    ws.on('message', (data) => {
      void this.deps.invoke('$default', { requestContext: context('$default', 'MESSAGE'), body: data.toString('utf8') }).then((result) => {
        if (!result.ok) {
          this.deps.log.warn(`live socket: $default failed: ${result.error.errorMessage}`);
          return;
        }
        const body = (result.value as { body?: string }).body;
        if (body && ws.readyState === ws.OPEN) ws.send(body);
      });
    });
    ws.on('close', () => {
      clearTimeout(expiry);
      this.open.delete(connectionId);
      void this.deps.invoke('$disconnect', { requestContext: context('$disconnect', 'DISCONNECT') }).then((result) => {
        if (!result.ok) this.deps.log.warn(`live socket: $disconnect failed: ${result.error.errorMessage}`);
      });
    });
  }

  post(connectionId: string, data: string): boolean {
    const ws = this.open.get(connectionId);
    if (!ws || ws.readyState !== ws.OPEN) return false;
    ws.send(data);
    return true;
  }

  close(connectionId: string): boolean {
    const ws = this.open.get(connectionId);
    if (!ws) return false;
    ws.close(TOKEN_EXPIRED_CLOSE_CODE, 'The token has expired');
    return true;
  }

  /** Closes every connection (going away), as the runtime stops. */
  closeAll(): void {
    for (const ws of this.open.values()) ws.close(1001, 'The server is stopping');
    this.open.clear();
  }
}
