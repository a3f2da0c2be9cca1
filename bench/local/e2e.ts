/**
 * The local end-to-end measurements, against a running local runtime (`npm start`'s, in a child
 * process): throughput and latency of two routes through the local gateway beside the floor
 * server, and how long an order takes from `POST /v1/orders` answering to reading CONFIRMED.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stageConfig } from '../../lib/config';
import { ApiClient, WEB_API_KEY, eventually } from '../../test/e2e/support/api-client';
import { summarize, type Summary } from '../stats';
import { runLoad, type LoadRequest, type LoadResult } from './load';
import { measurePushLatency, type PushLatencyResult } from './push-latency';

const FLOOR_SERVER = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
const EVENT_DEADLINE_MS = 30_000;
/** How often an order's status is read while waiting for CONFIRMED: the latency's resolution. */
const POLL_INTERVAL_MS = 10;

export interface LocalResources {
  readonly dynamodbEndpoint: string;
  readonly tables: Record<string, string>;
  readonly accessLog?: string;
}

interface ThroughputSide {
  readonly requestsPerSecond: number;
  readonly latencyMs: Summary;
  readonly ok: number;
  readonly failures: Record<string, number>;
}

export interface ThroughputResult {
  readonly route: string;
  readonly label: string;
  readonly gateway: ThroughputSide;
  readonly floor: ThroughputSide;
  /** Gateway requests per second over the floor's. */
  readonly ratio: number;
}

export interface EventLatencyResult {
  readonly orders: number;
  readonly confirmed: number;
  readonly latencyMs: Summary;
}

export interface LocalOptions {
  readonly concurrency: number;
  readonly rounds: number;
  readonly roundMs: number;
  readonly eventOrders: number;
}

const pool = (results: readonly LoadResult[]): ThroughputSide => {
  const ok = results.reduce((sum, result) => sum + result.ok, 0);
  const seconds = results.reduce((sum, result) => sum + result.durationMs, 0) / 1000;
  const failures: Record<string, number> = {};
  for (const result of results) for (const [status, count] of Object.entries(result.failures)) failures[status] = (failures[status] ?? 0) + count;
  return { requestsPerSecond: ok / seconds, latencyMs: summarize(results.flatMap((result) => result.latencies)), ok, failures };
};

const startFloorServer = async (resources: LocalResources): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', FLOOR_SERVER, resources.dynamodbEndpoint, resources.tables.products!, resources.tables.orders!], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The floor server did not start within 30 s')), 30_000);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`The floor server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
};

export const measureLocal = async (
  url: string,
  resources: LocalResources,
  options: LocalOptions,
): Promise<{ throughput: ThroughputResult[]; eventLatency: EventLatencyResult; pushLatency: PushLatencyResult; accessLogBytesPerRequest?: number }> => {
  const api = new ApiClient(url);
  const admin = await api.token('bench-admin', ['admin']);
  const buyer = await api.token('bench-buyer');
  // Several products, so that concurrent orders do not all contend for one stock item.
  const products: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const created = await api.post('/v1/products', { token: admin, body: { name: `Bench ${i}`, priceCents: 1000 + i, stock: 1_000_000 } });
    if (created.status !== 201) throw new Error(`Creating a product failed: ${created.status} ${created.text}`);
    products.push(String((created.body as { id: string }).id));
  }
  const productOf = (client: number, sequence: number): string => products[(client + sequence) % products.length]!;
  const gatewayHeaders = { authorization: `Bearer ${buyer}`, 'x-api-key': WEB_API_KEY };
  const orderBody = (client: number, sequence: number): string => JSON.stringify({ items: [{ productId: productOf(client, sequence), quantity: 1 }] });

  const routes: { route: string; label: string; gateway: (c: number, s: number) => LoadRequest; floor: (base: string) => (c: number, s: number) => LoadRequest }[] = [
    {
      route: 'getProduct',
      label: 'GET /v1/products/{id}',
      gateway: (c, s) => ({ url: `${url}/v1/products/${productOf(c, s)}`, method: 'GET', headers: gatewayHeaders }),
      floor: (base) => (c, s) => ({ url: `${base}/products/${productOf(c, s)}`, method: 'GET', headers: {} }),
    },
    {
      route: 'placeOrder',
      label: 'POST /v1/orders',
      gateway: (c, s) => ({ url: `${url}/v1/orders`, method: 'POST', headers: { ...gatewayHeaders, 'content-type': 'application/json' }, body: orderBody(c, s) }),
      floor: (base) => (c, s) => ({ url: `${base}/orders`, method: 'POST', headers: { 'content-type': 'application/json' }, body: orderBody(c, s) }),
    },
  ];

  // Orders placed through the gateway go on through the relay and the consumers after their
  // answer: each run starts once the last one's events are handled, so that neither side pays for the other's.
  const settle = async (): Promise<void> => {
    let quietChecks = 0;
    await eventually(
      () => api.get('/_local/queues', { apiKey: null }),
      (response) => {
        const queues = Object.values((response.body as { queues: Record<string, { visible: number; inFlight: number }> }).queues);
        quietChecks = queues.every((queue) => queue.visible + queue.inFlight === 0) ? quietChecks + 1 : 0;
        return quietChecks >= 3;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'the consumer queues to drain' },
    );
  };

  const floorServer = await startFloorServer(resources);
  const throughput: ThroughputResult[] = [];
  try {
    const load = { concurrency: options.concurrency, durationMs: options.roundMs, maxRequests: 100_000 };
    for (const route of routes) {
      // Every worker of the route started (a cold start each) before anything is timed.
      await runLoad(route.gateway, { ...load, durationMs: 60_000, maxRequests: options.concurrency * 4 });
      await runLoad(route.floor(floorServer.url), { ...load, durationMs: 60_000, maxRequests: options.concurrency * 4 });
      await settle();
      const gateway: LoadResult[] = [];
      const floor: LoadResult[] = [];
      // Alternating, so that drift on a shared machine touches both sides alike.
      for (let round = 0; round < options.rounds; round += 1) {
        const pair = [() => runLoad(route.gateway, load).then((r) => gateway.push(r)), () => runLoad(route.floor(floorServer.url), load).then((r) => floor.push(r))];
        for (const run of round % 2 === 0 ? pair : [...pair].reverse()) {
          await settle();
          await run();
        }
      }
      const gatewaySide = pool(gateway);
      const floorSide = pool(floor);
      throughput.push({ route: route.route, label: route.label, gateway: gatewaySide, floor: floorSide, ratio: gatewaySide.requestsPerSecond / floorSide.requestsPerSecond });
    }
  } finally {
    const exited = new Promise((resolve) => floorServer.child.once('exit', resolve));
    floorServer.child.kill('SIGTERM');
    await exited;
  }

  await settle();

  const latencies: number[] = [];
  for (let i = 0; i < options.eventOrders; i += 1) {
    const placed = await api.post('/v1/orders', { token: buyer, body: JSON.parse(orderBody(0, i)) as unknown });
    const answeredAt = performance.now();
    if (placed.status !== 201) throw new Error(`Placing an order failed: ${placed.status} ${placed.text}`);
    const id = String((placed.body as { id: string }).id);
    for (;;) {
      const read = await api.get(`/v1/orders/${id}`, { token: buyer });
      if ((read.body as { status?: string }).status === 'CONFIRMED') {
        latencies.push(performance.now() - answeredAt);
        break;
      }
      if (performance.now() - answeredAt > EVENT_DEADLINE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  await settle();
  // Each order is pushed twice (its outcome, its notification), all to one buyer: past the buyer's
  // push budget for a minute (the local runtime runs dev's), pushes would be dropped, not measured.
  const pushBudget = stageConfig('dev').socket.maxPushesPerUserPerMinute;
  if (options.eventOrders * 2 > pushBudget) throw new Error(`${options.eventOrders} orders push ${options.eventOrders * 2} events to one buyer: more than dev's ${pushBudget} a minute`);
  const pushLatency = await measurePushLatency(url, buyer, (sequence) => orderBody(1, sequence), options.eventOrders);

  let accessLogBytesPerRequest: number | undefined;
  if (resources.accessLog) {
    const lines = (await readFile(resources.accessLog, 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('{'));
    if (lines.length > 0) accessLogBytesPerRequest = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / lines.length;
  }
  return {
    throughput,
    eventLatency: { orders: options.eventOrders, confirmed: latencies.length, latencyMs: summarize(latencies) },
    pushLatency,
    accessLogBytesPerRequest,
  };
};
