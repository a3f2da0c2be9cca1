/**
 * Live events (`client.live`): one WebSocket, open while anything listens, carrying the events the
 * API pushes to the signed-in user. It pings to find a dead socket (a phone that changed networks
 * does not say so), reconnects with bounded, jittered back-off, and takes a fresh token when the
 * server closes with 4001 (token expired). Delivery is best effort: read the current state over
 * REST after a reconnection, and poll while the state is not `open`.
 */
import type { LiveEvent, LiveEvents, LiveEventType } from './live-events';
import type { TokenProvider } from './tokens';

/** What the client needs of a WebSocket: the browser's, Node 22's and the `ws` package's all fit. */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number }) => void): void;
}

export type LiveSocketConstructor = new (url: string) => LiveSocket;

/** `connecting`: a socket is being opened; `open`: events arrive; `closed`: none (waiting to retry, or closed). */
export type LiveState = 'connecting' | 'open' | 'closed';

export interface LivePolicy {
  /** How long an open socket waits between pings. @default 30000 */
  readonly pingEveryMs: number;
  /** A ping unanswered this long means the socket is dead: it is dropped and another opened. @default 10000 */
  readonly pongWithinMs: number;
  /** The delay before the first reconnection; it doubles per failed attempt, half of it jittered. @default 1000 */
  readonly firstRetryMs: number;
  /** The longest delay between attempts. @default 30000 */
  readonly maxRetryMs: number;
}

export const DEFAULT_LIVE_POLICY: LivePolicy = { pingEveryMs: 30_000, pongWithinMs: 10_000, firstRetryMs: 1_000, maxRetryMs: 30_000 };

type Listener<T extends LiveEventType> = (event: LiveEvents[T]) => void;

/** The user's live events; `on` opens the socket, and it closes when nothing listens any more. */
export interface Live {
  /** Calls `listener` with each pushed event of `type`; returns the function that stops it. */
  on<T extends LiveEventType>(type: T, listener: Listener<T>): () => void;
  off<T extends LiveEventType>(type: T, listener: Listener<T>): void;
  readonly state: LiveState;
  /** Calls `listener` on each change of `state`; returns the function that stops it. */
  onState(listener: (state: LiveState) => void): () => void;
  /** Calls `listener` with the detail of each `{"type": "error"}` the server sends; returns the function that stops it. */
  onError(listener: (detail: string) => void): () => void;
  /** Closes the socket and forgets every event listener (state and error listeners stay); a later `on` opens a new one. */
  close(): void;
}

interface LiveOptions {
  /** The socket's URL without its query: `wss://…/<stage>`, or locally `ws://127.0.0.1:<port>/v1/live`. */
  readonly url: string;
  readonly apiKey: string;
  readonly tokens?: TokenProvider;
  /** @default globalThis.WebSocket, looked up when the first listener is added */
  readonly WebSocket?: LiveSocketConstructor;
  readonly policy: LivePolicy;
  readonly random: () => number;
}

/** The wait before the next attempt, `failures` attempts after the server last answered: exponential, bounded, half jittered (so that it never shrinks to nothing). */
export const retryDelayMs = (failures: number, policy: LivePolicy, random: () => number): number => {
  const cap = Math.min(policy.maxRetryMs, policy.firstRetryMs * 2 ** failures);
  return cap / 2 + (random() * cap) / 2;
};

const PING = JSON.stringify({ action: 'ping' });
/** The server's close code for a token that expired while connected. */
const TOKEN_EXPIRED = 4001;
/** Ours, for a socket that stopped answering (3000-4999 are the codes an application may send). */
const NO_PONG = 4000;

export const createLive = ({ url, apiKey, tokens, WebSocket, policy, random }: LiveOptions): Live => {
  const listeners = new Map<LiveEventType, Set<(event: LiveEvent) => void>>();
  const stateListeners = new Set<(state: LiveState) => void>();
  const errorListeners = new Set<(detail: string) => void>();
  let state: LiveState = 'closed';
  let running = false;
  let socket: LiveSocket | undefined;
  // One timer at a time, the only one: the next ping, a ping's deadline, or the next attempt.
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Each attempt's handlers act only while it is the current one: a dropped socket's late events are ignored.
  let attempt = 0;
  /** Attempts since the server last answered: the back-off's exponent. */
  let failures = 0;
  let freshToken = false;

  const setState = (next: LiveState): void => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };
  const clearTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  /** Forgets the current socket, if any, and closes it. */
  const drop = (code: number): void => {
    attempt += 1;
    clearTimer();
    socket?.close(code);
    socket = undefined;
  };
  const retry = (): void => {
    setState('closed');
    timer = setTimeout(connect, retryDelayMs(failures, policy, random));
    failures += 1;
  };
  const schedulePing = (): void => {
    clearTimer();
    timer = setTimeout(() => {
      socket?.send(PING);
      timer = setTimeout(() => {
        drop(NO_PONG);
        retry();
      }, policy.pongWithinMs);
    }, policy.pingEveryMs);
  };

  const receive = (data: unknown): void => {
    let message: { type?: unknown; detail?: unknown } | null;
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (typeof message?.type !== 'string') return;
    failures = 0;
    if (message.type === 'pong') return schedulePing();
    if (message.type === 'error') {
      for (const listener of [...errorListeners]) listener(typeof message.detail === 'string' ? message.detail : 'error');
      return;
    }
    // Types this client does not know have no listeners: ignored, so that the server may add some.
    for (const listener of [...(listeners.get(message.type as LiveEventType) ?? [])]) listener(message as LiveEvent);
  };

  const connect = async (): Promise<void> => {
    timer = undefined;
    const mine = (attempt += 1);
    setState('connecting');
    let token: string | undefined;
    try {
      token = await tokens?.getToken(freshToken ? { forceRefresh: true } : undefined);
      freshToken = false;
    } catch {
      if (mine === attempt) retry();
      return;
    }
    if (mine !== attempt) return;
    const target = new URL(url);
    if (token !== undefined) target.searchParams.set('token', token);
    target.searchParams.set('apiKey', apiKey);
    let opened: LiveSocket;
    try {
      opened = new (WebSocket ?? (globalThis as { WebSocket?: LiveSocketConstructor }).WebSocket)!(target.href);
    } catch {
      // Some browsers throw at once for a URL their content security policy refuses.
      return retry();
    }
    socket = opened;
    // A refused or failed connection closes next, which is where it is handled ('ws' throws an error nobody listens to).
    opened.addEventListener('error', () => undefined);
    opened.addEventListener('open', () => {
      if (mine !== attempt) return;
      setState('open');
      schedulePing();
    });
    opened.addEventListener('message', ({ data }) => {
      if (mine === attempt) receive(data);
    });
    // A close before `open` (an HTTP 401 on the upgrade, no server) retries with a longer wait each time.
    opened.addEventListener('close', ({ code }) => {
      if (mine !== attempt) return;
      if (code === TOKEN_EXPIRED) freshToken = true;
      socket = undefined;
      clearTimer();
      retry();
    });
  };

  const stop = (): void => {
    running = false;
    drop(1000);
    failures = 0;
    setState('closed');
  };

  const off = <T extends LiveEventType>(type: T, listener: Listener<T>): void => {
    const set = listeners.get(type);
    set?.delete(listener as (event: LiveEvent) => void);
    if (set?.size === 0) listeners.delete(type);
    if (running && listeners.size === 0) stop();
  };

  return {
    on: (type, listener) => {
      if (!(WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket)) throw new Error('No WebSocket here: pass the WebSocket option (on Node 20, the `ws` package’s)');
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set.add(listener as (event: LiveEvent) => void));
      if (!running) {
        running = true;
        void connect();
      }
      return () => off(type, listener);
    },
    off,
    get state() {
      return state;
    },
    onState: (listener) => {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    onError: (listener) => {
      errorListeners.add(listener);
      return () => void errorListeners.delete(listener);
    },
    close: () => {
      listeners.clear();
      stop();
    },
  };
};
