/**
 * Push latency: from sending `POST /v1/orders` to its OrderConfirmed arriving on the buyer's open
 * WebSocket (`/v1/live`), over orders placed one after another. It is what an app that subscribes
 * waits; an app that polls waits for its next poll on top.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WEB_API_KEY } from '../../test/e2e/support/api-client';
import { summarize, type Summary } from '../stats';

export interface PushLatencyResult {
  readonly orders: number;
  /** Orders whose OrderConfirmed arrived on the socket within the deadline. */
  readonly received: number;
  readonly latencyMs: Summary;
}

const DEADLINE_MS = 30_000;

const openSocket = (url: string, token: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/live?${new URLSearchParams({ token, apiKey: WEB_API_KEY })}`);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`The live socket was refused: ${response.statusCode}`)));
  });

export const measurePushLatency = async (url: string, token: string, orderBody: (sequence: number) => string, orders: number): Promise<PushLatencyResult> => {
  const socket = await openSocket(url, token);
  const confirmedAt = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type?: string; subject?: string };
    if (message.type !== 'OrderConfirmed' || !message.subject) return;
    confirmedAt.set(message.subject, performance.now());
    waiting.get(message.subject)?.();
  });
  const latencies: number[] = [];
  try {
    for (let sequence = 0; sequence < orders; sequence += 1) {
      const sentAt = performance.now();
      const response = await fetch(`${url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-api-key': WEB_API_KEY, 'content-type': 'application/json' },
        body: orderBody(sequence),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`Placing an order failed: ${response.status} ${text}`);
      const id = (JSON.parse(text) as { id: string }).id;
      const arrived = await new Promise<boolean>((resolve) => {
        if (confirmedAt.has(id)) return resolve(true);
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(false);
        }, DEADLINE_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(true);
        });
      });
      if (arrived) latencies.push(confirmedAt.get(id)! - sentAt);
    }
  } finally {
    socket.close();
  }
  return { orders, received: latencies.length, latencyMs: summarize(latencies) };
};
