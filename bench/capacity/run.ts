/**
 * An end-to-end run of every function's real code in this one process, against DynamoDB Local,
 * with the SDK instrumented: each invocation's read and write units (ReturnConsumedCapacity), its
 * log bytes (what it writes to stdout/stderr, EMF metrics included), its SNS publishes and its
 * duration. Requests go through the handlers as API Gateway events; what they write to the outbox
 * is read back from the table streams, given to the relay, and each published event is delivered
 * to the consumers whose filter takes it, depth first, so every cost is attributed to the request
 * or event that caused it. The first invocation of each function is recorded (event and DynamoDB
 * answers) for the cold-start benchmark's replay.
 *
 * Run by bench/bench.ts in a child process: `tsx bench/capacity/run.ts <dynamodb-endpoint> <out.json> <iterations>`.
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PublishBatchCommand, SNSClient, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { app } from '../../lib/app';
import type { RouteDeclaration, TableOwner } from '../../lib/declaration';
import { ensureTables, outboxTables } from '../../local/dynamodb/tables';
import { consumerFunctionName } from '../../local/names';
import { localClientConfig } from '../../local/sdk';
import { MAX_PUSHES_PER_USER_PER_MINUTE_ENV, OUTBOX_TABLE_ENV, tableEnvName, SOCKET_CONNECTIONS_ENDPOINT_ENV, TOPIC_ARN_ENV } from '../../lambdas/shared/env';
import { METRICS_NAMESPACE } from '../../lambdas/shared/metric-names';
import { benchConfig, benchFunctions, type BenchFunction } from '../functions';
import { lambdaContext } from '../lambda-context';
import { emptyTally, instrumentCapacity, type CapacityTally } from './consumed-capacity';
import { startDynamoRecorder, type RecordedCall } from './dynamo-recorder';
import { apiEvent, sqsEvent, type ApiRequest } from './events';
import { TableStreams } from './table-streams';

/** What an invocation costs that the cost model multiplies by traffic. */
export interface MeasuredCost {
  readonly durationMs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly refusedWriteUnits: number;
  readonly dynamoCalls: number;
  readonly logBytes: number;
}

/** One invocation of one function, and what it cost. */
export interface MeasuredInvocation extends MeasuredCost {
  readonly function: string;
  readonly kind: BenchFunction['kind'];
  /** A route id for requests; the event type for consumers; `outbox` for the relay. */
  readonly cause: string;
  /** The step of the story (`placeOrder`, `placeOrder (Idempotency-Key)`). */
  readonly scenario: string;
  /** Which run of the story (the first also pays for loading and JIT). */
  readonly iteration: number;
  /** Relay only: PublishBatch requests and the events in them. */
  readonly snsPublishRequests: number;
  readonly eventsPublished: number;
  /** The events this invocation's writes caused (published by the relay afterwards). */
  readonly emitted: string[];
  /** HTTP status for requests; failed records for consumers and the relay. */
  readonly outcome: string;
}

interface Recording {
  readonly event: unknown;
  readonly dynamodb: RecordedCall[];
  /** What the invocation answered (status, or failed records): a replay must answer the same. */
  outcome?: string;
}

export interface CapacityRun {
  readonly iterations: number;
  /** The tables the story ran on: the recorded answers name them. */
  readonly tables: Record<TableOwner, string>;
  readonly topicArn: string;
  readonly invocations: MeasuredInvocation[];
  readonly recordings: Record<string, Recording>;
}

const [endpoint, outFile, iterationsArg] = process.argv.slice(2);
if (!endpoint || !outFile) throw new Error('Usage: tsx bench/capacity/run.ts <dynamodb-endpoint> <out.json> [iterations]');
const iterations = Number(iterationsArg ?? 1);

// Everything a function would find in its environment, for all of them at once (one process).
const tablePrefix = `bench${Date.now().toString(36)}`;
const tableNameOf = (service: TableOwner): string => `${tablePrefix}-${service}`;
const recorder = await startDynamoRecorder(endpoint);
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_ENDPOINT_URL_DYNAMODB: recorder.endpoint,
  // Never reached: the SNS client is mocked below.
  AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:9',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  STAGE: benchConfig.stage,
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: benchConfig.logLevel,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  [TOPIC_ARN_ENV]: 'arn:aws:sns:us-east-1:000000000000:domain-events',
  // The story opens no WebSocket: the live consumer finds no connection and posts nothing.
  [SOCKET_CONNECTIONS_ENDPOINT_ENV]: 'http://127.0.0.1:9/live',
  [MAX_PUSHES_PER_USER_PER_MINUTE_ENV]: String(benchConfig.socket.maxPushesPerUserPerMinute),
  ...Object.fromEntries((Object.keys(app.tables) as TableOwner[]).map((service) => [tableEnvName(service), tableNameOf(service)])),
});

const admin = new DynamoDBClient(localClientConfig(endpoint));
const tables = await ensureTables(admin, app.tables, tableNameOf);
const streams = new TableStreams(new DynamoDBStreamsClient(localClientConfig(endpoint)), outboxTables(tables), app.relay.filterPattern);

// What the functions write to stdout and stderr is their CloudWatch log: counted, not shown.
let logBytes = 0;
const countingWrite = (chunk: unknown, ...rest: unknown[]): boolean => {
  logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length;
  const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
  callback?.();
  return true;
};
const realStderrWrite = process.stderr.write.bind(process.stderr);
process.stdout.write = countingWrite as typeof process.stdout.write;
process.stderr.write = countingWrite as typeof process.stderr.write;
const report = (line: string): void => void realStderrWrite(`${line}\n`);

const functions = benchFunctions();
type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
const handlers = new Map<string, Handler>();
// A relay marks what it published in its own table, named when its module loads: one relay module
// per table, as deployed (a query string gives each table its own module instance).
const relays = new Map<string, Handler>();
for (const fn of functions) {
  if (fn.name !== 'relay') {
    handlers.set(fn.name, ((await import(pathToFileURL(fn.entry).href)) as { handler: Handler }).handler);
    continue;
  }
  for (const table of outboxTables(tables)) {
    process.env[OUTBOX_TABLE_ENV] = table.name;
    relays.set(table.name, ((await import(`${pathToFileURL(fn.entry).href}?table=${table.service}`)) as { handler: Handler }).handler);
  }
}
const byName = new Map(functions.map((fn) => [fn.name, fn]));

let tally: CapacityTally | undefined;
let iteration = 0;
const { dynamoDb } = await import('../../lambdas/shared/clients');
instrumentCapacity(dynamoDb, () => tally);

let published: PublishBatchRequestEntry[] = [];
let publishRequests = 0;
mockClient(SNSClient)
  .on(PublishBatchCommand)
  .callsFake((input: { PublishBatchRequestEntries?: PublishBatchRequestEntry[] }) => {
    publishRequests += 1;
    const entries = input.PublishBatchRequestEntries ?? [];
    published.push(...entries);
    return { Successful: entries.map((entry) => ({ Id: entry.Id, MessageId: `bench-${entry.Id}` })), Failed: [] };
  });

const invocations: MeasuredInvocation[] = [];
const recordings: Record<string, Recording> = {};

interface Invoked {
  readonly measured: MeasuredInvocation;
  readonly result: unknown;
  /** What the invocation published to SNS (the relay). */
  readonly published: PublishBatchRequestEntry[];
}

const invoke = async (fnName: string, event: unknown, cause: string, scenario: string, handler = handlers.get(fnName)!): Promise<Invoked> => {
  const fn = byName.get(fnName)!;
  const recording = recordings[fnName] ? undefined : { event: JSON.parse(JSON.stringify(event)) as unknown, dynamodb: [] as RecordedCall[] };
  recorder.recordInto(recording?.dynamodb);
  tally = emptyTally();
  logBytes = 0;
  published = [];
  publishRequests = 0;
  const startedAt = performance.now();
  let result: unknown;
  let outcome: string;
  try {
    result = await handler(JSON.parse(JSON.stringify(event)), lambdaContext(fnName, fn.memoryMb));
    const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
    outcome = fn.kind === 'api' ? String((result as APIGatewayProxyResult).statusCode) : `${failures?.length ?? 0} failed`;
  } catch (error) {
    outcome = `threw ${(error as Error).name}`;
  }
  const durationMs = performance.now() - startedAt;
  recorder.recordInto(undefined);
  if (recording) recordings[fnName] = { ...recording, outcome };
  const measured: MeasuredInvocation = {
    function: fnName,
    kind: fn.kind,
    cause,
    scenario,
    iteration,
    durationMs,
    readUnits: tally.readUnits,
    writeUnits: tally.writeUnits,
    refusedWriteUnits: tally.refusedWriteUnits,
    dynamoCalls: tally.calls.length,
    logBytes,
    snsPublishRequests: publishRequests,
    eventsPublished: published.length,
    emitted: [],
    outcome,
  };
  tally = undefined;
  invocations.push(measured);
  return { measured, result, published };
};

const typeOf = (entry: PublishBatchRequestEntry): string => entry.MessageAttributes?.type?.StringValue ?? 'unknown';

/**
 * Relays what `cause` wrote to the outbox, then delivers each published event to its consumers,
 * each of which is followed the same way: the whole cascade, depth first.
 */
const follow = async (cause: MeasuredInvocation, scenario: string): Promise<void> => {
  const written = await streams.readNew();
  for (const [table, records] of written) {
    const { published: entries } = await invoke('relay', { Records: records }, 'outbox', scenario, relays.get(table.name)!);
    cause.emitted.push(...entries.map(typeOf));
    for (const entry of entries) {
      for (const consumer of app.consumers.filter((candidate) => (candidate.events as readonly string[]).includes(typeOf(entry)))) {
        const queueArn = `arn:aws:sqs:us-east-1:000000000000:${consumer.name}`;
        const { measured } = await invoke(consumerFunctionName(consumer), sqsEvent(entry, queueArn), typeOf(entry), scenario);
        await follow(measured, scenario);
      }
    }
  }
};

const routeById = (id: string): RouteDeclaration => {
  const route = app.routes.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`No route ${id} in lib/app.ts`);
  return route;
};

/** One API request and everything it causes; returns the response. */
const request = async (routeId: string, apiRequest: ApiRequest, scenario = routeId): Promise<APIGatewayProxyResult> => {
  const { measured, result } = await invoke(routeId, apiEvent(routeById(routeId), apiRequest), routeId, scenario);
  await follow(measured, scenario);
  const response = result as APIGatewayProxyResult | undefined;
  if (!response) throw new Error(`${scenario} threw (${measured.outcome})`);
  return response;
};

const bodyOf = (response: APIGatewayProxyResult): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;
const expectStatus = (scenario: string, response: APIGatewayProxyResult, status: number): APIGatewayProxyResult => {
  if (response.statusCode !== status) throw new Error(`${scenario}: expected ${status}, got ${response.statusCode} ${response.body}`);
  return response;
};

/** The story every route and event takes part in: sign-up, catalogue, orders confirmed, rejected and cancelled. */
const story = async (): Promise<void> => {
  const adminCaller = { sub: `bench-admin-${iteration}`, groups: ['admin'] };
  const sub = `bench-user-${iteration}`;
  const user = { sub };
  expectStatus('createUser', await request('createUser', { caller: user, body: { name: 'Ada Bench', email: `${sub}@example.com` } }), 201);
  const lamp = bodyOf(expectStatus('createProduct', await request('createProduct', { caller: adminCaller, body: { name: 'Lamp', priceCents: 2500, stock: 1000 } }), 201));
  const chair = bodyOf(expectStatus('createProduct', await request('createProduct', { caller: adminCaller, body: { name: 'Chair', priceCents: 9900, stock: 1 } }), 201));
  const got = expectStatus('getUser', await request('getUser', { caller: user, pathParameters: { id: sub } }), 200);
  const etag = Object.entries(got.headers ?? {}).find(([name]) => name.toLowerCase() === 'etag')?.[1];
  expectStatus('updateUser', await request('updateUser', { caller: user, pathParameters: { id: sub }, body: { name: 'Ada B.' }, headers: { 'If-Match': String(etag) } }), 200);
  expectStatus('getProduct', await request('getProduct', { caller: user, pathParameters: { id: String(lamp.id) } }), 200);
  expectStatus('listProducts', await request('listProducts', { caller: user }), 200);
  const order = bodyOf(
    expectStatus('placeOrder', await request('placeOrder', { caller: user, body: { items: [{ productId: lamp.id, quantity: 2 }, { productId: chair.id, quantity: 1 }] } }), 201),
  );
  expectStatus(
    'placeOrder (Idempotency-Key)',
    await request('placeOrder', { caller: user, body: { items: [{ productId: lamp.id, quantity: 1 }] }, headers: { 'Idempotency-Key': `bench-key-${iteration}` } }, 'placeOrder (Idempotency-Key)'),
    201,
  );
  // The chair's only unit is taken: this order is rejected.
  expectStatus('placeOrder (rejected)', await request('placeOrder', { caller: user, body: { items: [{ productId: chair.id, quantity: 1 }] } }, 'placeOrder (rejected)'), 201);
  const confirmed = bodyOf(expectStatus('getOrder', await request('getOrder', { caller: user, pathParameters: { id: String(order.id) } }), 200));
  if (confirmed.status !== 'CONFIRMED') throw new Error(`The order should be CONFIRMED once its events are handled, it is ${String(confirmed.status)}`);
  expectStatus('listUserOrders', await request('listUserOrders', { caller: user, pathParameters: { id: sub } }), 200);
  expectStatus('getUserSummary', await request('getUserSummary', { caller: user, pathParameters: { id: sub } }), 200);
  expectStatus('listUserNotifications', await request('listUserNotifications', { caller: user, pathParameters: { id: sub } }), 200);
  expectStatus('cancelOrder', await request('cancelOrder', { caller: user, pathParameters: { id: String(order.id) } }), 200);
  expectStatus('getHealth', await request('getHealth', {}), 200);
  expectStatus('getOpenApi', await request('getOpenApi', {}), 200);
};

try {
  await streams.readNew();
  for (iteration = 0; iteration < iterations; iteration += 1) await story();
  const missing = functions.filter((fn) => !recordings[fn.name]).map((fn) => fn.name);
  if (missing.length > 0) throw new Error(`The story never invoked ${missing.join(', ')}: add a step for it`);
  const run: CapacityRun = {
    iterations,
    tables: Object.fromEntries(tables.map((table) => [table.service, table.name])) as Record<TableOwner, string>,
    topicArn: process.env[TOPIC_ARN_ENV]!,
    invocations,
    recordings,
  };
  await writeFile(outFile, JSON.stringify(run));
  report(`capacity: ${invocations.length} invocations measured`);
} finally {
  await recorder.close();
  admin.destroy();
}
