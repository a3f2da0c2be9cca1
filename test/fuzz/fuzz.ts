/**
 * The fuzz run against a running local runtime, in two properties:
 *
 * 1. Any request to any operation of the OpenAPI document (valid ones included, which may change
 *    state) gets an answer the document describes, and never a 5xx.
 * 2. Once the system is idle, requests that are invalid by construction are refused with a 4xx
 *    and change nothing: every table is read back after each and compared with before.
 *
 * Both are fast-check properties with a fixed seed, so a failure is reproduced by `npm run fuzz --
 * --seed S --path P`, which fast-check prints with the shrunk request.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import type { LocalResources } from '../../local/gateway/local-endpoints';
import { loadOperations, type Operation } from './operations';
import { requestsFor, type Fixtures, type FuzzRequest } from './requests';
import { violationsOf, type Received } from './verdict';

export interface FuzzOptions {
  /** The local runtime's base URL. */
  readonly url: string;
  /** Requests of any kind (property 1). */
  readonly runs: number;
  /** Invalid requests whose effect is read back (property 2). */
  readonly invalidRuns: number;
  readonly seed: number;
  /** fast-check's path to a failing case, to replay only it. */
  readonly path?: string;
  /** Told after each request. */
  readonly onRequest?: (sent: number, request: FuzzRequest, status: number) => void;
}

export interface FuzzReport {
  readonly requests: number;
  /** How many responses of each status each operation got. */
  readonly statuses: Record<string, Record<string, number>>;
}

const WEB_API_KEY = 'local-web-key';

/**
 * The runtime's environment for a fuzz run: limits far above the request rate, so that the run
 * explores the API rather than the throttle (whose 429 stays documented and checked).
 */
export const FUZZ_RUNTIME_ENV: Record<string, string> = {
  THROTTLE_RATE: '10000',
  THROTTLE_BURST: '10000',
  BENCH_STAGE_THROTTLE_RATE: '10000',
  BENCH_STAGE_THROTTLE_BURST: '10000',
};
const IDLE_DEADLINE_MS = 30_000;

const post = async (url: string, body: unknown, headers: Record<string, string>): Promise<Record<string, any>> => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`Fuzz set-up: POST ${url} answered ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
};

/** A user with a profile and an order, an admin's product, and a signed-in stranger with no profile. */
const createFixtures = async (url: string, seed: number): Promise<Fixtures> => {
  const token = async (sub: string, groups: string[] = []) => (await post(`${url}/_local/token`, { sub, groups }, {})).token as string;
  const ownerId = `fuzz-owner-${seed}`;
  const strangerId = `fuzz-stranger-${seed}`;
  const tokens = { owner: await token(ownerId), admin: await token(`fuzz-admin-${seed}`, ['admin']), stranger: await token(strangerId) };
  const as = (who: string) => ({ authorization: `Bearer ${who}`, 'x-api-key': WEB_API_KEY });
  await post(`${url}/v1/users`, { name: 'Fuzz Owner', email: 'owner@example.com' }, as(tokens.owner));
  const product = await post(`${url}/v1/products`, { name: 'Fuzz lamp', priceCents: 2500, stock: 1000 }, as(tokens.admin));
  const order = await post(`${url}/v1/orders`, { items: [{ productId: product.id, quantity: 1 }] }, as(tokens.owner));
  return { ownerId, strangerId, productId: product.id, orderId: order.id, tokens, apiKey: WEB_API_KEY };
};

const send = async (url: string, request: FuzzRequest): Promise<Received> => {
  const response = await fetch(`${url}${request.url}`, {
    method: request.method,
    headers: request.headers,
    body: request.bodyBase64 === undefined ? undefined : Buffer.from(request.bodyBase64, 'base64'),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** A digest of every item of every table: equal digests, equal state. */
const stateOf = async (dynamodb: DynamoDBClient, tables: readonly string[]): Promise<string> => {
  const hash = createHash('sha256');
  for (const table of [...tables].sort()) {
    const items: string[] = [];
    for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) items.push(JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
    }
    hash.update(`${table}\n${items.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
};

/** Waits until no queue holds a message and the tables stop changing: the events of property 1 have settled. */
const waitUntilIdle = async (url: string, state: () => Promise<string>): Promise<void> => {
  const deadline = Date.now() + IDLE_DEADLINE_MS;
  let previous = '';
  for (;;) {
    const counts = (await (await fetch(`${url}/_local/queues`)).json()) as { queues: Record<string, { visible: number; inFlight: number }> };
    const busy = Object.values(counts.queues).some((queue) => queue.visible + queue.inFlight > 0);
    const current = await state();
    if (!busy && current === previous) return;
    if (Date.now() > deadline) throw new Error(`The system did not settle within ${IDLE_DEADLINE_MS} ms after the fuzz requests`);
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 750));
  }
};

const describeFailure = (request: FuzzRequest, received: Received, violations: string[]): string =>
  [
    `${request.method} ${request.url.slice(0, 300)} -> ${received.status}`,
    ...violations.map((violation) => `  - ${violation}`),
    `  request: ${JSON.stringify(request).slice(0, 2000)}`,
    `  response: ${received.text.slice(0, 1000)}`,
  ].join('\n');

export const runFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  // The SDK warns on Node 20 that it will require Node 22 in 2027: noise in a fuzz run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const operations = loadOperations();
  const byId = new Map<string, Operation>(operations.map((operation) => [operation.id, operation]));
  const fixtures = await createFixtures(options.url, options.seed);
  const resources = (await (await fetch(`${options.url}/_local/resources`)).json()) as LocalResources;
  const dynamodb = new DynamoDBClient({
    endpoint: resources.dynamodbEndpoint,
    region: resources.region,
    credentials: { accessKeyId: 'fuzz', secretAccessKey: 'fuzz' },
    maxAttempts: 2,
  });
  const tables = Object.values(resources.tables);
  const state = () => stateOf(dynamodb, tables);
  const statuses: Record<string, Record<string, number>> = {};
  let sent = 0;

  const exchange = async (request: FuzzRequest): Promise<Received> => {
    const received = await send(options.url, request);
    sent += 1;
    const counts = (statuses[request.operation] ??= {});
    counts[received.status] = (counts[received.status] ?? 0) + 1;
    options.onRequest?.(sent, request, received.status);
    return received;
  };
  const anyRequest = fc.oneof(...operations.map((operation) => requestsFor(operation, fixtures)));
  const parameters = { seed: options.seed, numRuns: options.runs, ...(options.path ? { path: options.path } : {}) };

  try {
    await fc.assert(
      fc.asyncProperty(anyRequest, async (request) => {
        const received = await exchange(request);
        const violations = violationsOf(byId.get(request.operation)!, request, received);
        if (violations.length > 0) throw new Error(describeFailure(request, received, violations));
      }),
      parameters,
    );

    if (options.invalidRuns > 0 && !options.path) {
      await waitUntilIdle(options.url, state);
      let before = await state();
      await fc.assert(
        fc.asyncProperty(
          anyRequest.filter((request) => request.invalid !== undefined),
          async (request) => {
            const received = await exchange(request);
            const violations = violationsOf(byId.get(request.operation)!, request, received);
            const after = await state();
            if (after !== before) violations.push(`an invalid request (${request.invalid}) changed the tables`);
            before = after;
            if (violations.length > 0) throw new Error(describeFailure(request, received, violations));
          },
        ),
        { ...parameters, numRuns: options.invalidRuns },
      );
    }
  } finally {
    dynamodb.destroy();
  }
  return { requests: sent, statuses };
};
