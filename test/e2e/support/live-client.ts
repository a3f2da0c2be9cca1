import WebSocket from 'ws';
import { WEB_API_KEY } from './api-client';

/** What the server sent on a connection, parsed. */
type LiveMessage = { readonly type: string; readonly [field: string]: unknown };

export interface LiveConnection {
  readonly messages: LiveMessage[];
  send(message: string): void;
  /** Waits for a message that `matches` (already received or still to come), or throws after `timeoutMs`. */
  next(matches: (message: LiveMessage) => boolean, what: string, timeoutMs?: number): Promise<LiveMessage>;
  close(): Promise<void>;
}

/** The socket's local URL, with the token and the API key as the contract has them. */
export const liveUrl = (runtimeUrl: string, query: Record<string, string>): string =>
  `${runtimeUrl.replace(/^http/, 'ws')}/v1/live?${new URLSearchParams(query)}`;

/** Opens a connection with `token` (and the web app's API key); rejects if the upgrade is refused. */
export const connectLive = (runtimeUrl: string, token: string): Promise<LiveConnection> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(liveUrl(runtimeUrl, { token, apiKey: WEB_API_KEY }));
    const messages: LiveMessage[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString('utf8')) as LiveMessage);
      for (const wake of waiters) wake();
    });
    ws.once('unexpected-response', (_request, response) => reject(new Error(`Upgrade refused: ${response.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        messages,
        send: (message) => ws.send(message),
        next: (matches, what, timeoutMs = 20_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const message = messages.find(matches);
              if (!message) return;
              clearTimeout(timer);
              waiters.delete(check);
              found(message);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(messages)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
        close: () =>
          new Promise((closed) => {
            if (ws.readyState === ws.CLOSED) return closed();
            ws.once('close', () => closed());
            ws.close();
          }),
      }),
    );
  });

/** The HTTP status the upgrade is refused with (or 101 if it is not). */
export const upgradeStatus = (url: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
