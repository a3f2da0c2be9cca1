/**
 * Warm handler latency, in this process: the route's real handler (TypeScript source, as the
 * unit tests run it) invoked over and over after a warm-up, with the SDK mocked by
 * aws-sdk-client-mock. The mock answers what DynamoDB answered the end-to-end run for the same
 * event, so the handler takes its real path; what is timed is the handler alone (parsing,
 * validation, domain, marshalling, logging), not the network.
 *
 * Run by bench/bench.ts in a child process whose stdout is /dev/null (the handlers' log lines are
 * written, as in Lambda): `tsx bench/warm/run.ts <capacity.json> <out.json> <iterations> <route>...`
 */
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  BatchGetItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as RawQueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { app } from '../../lib/app';
import type { TableOwner } from '../../lib/declaration';
import { tableEnvName } from '../../lambdas/shared/env';
import type { RecordedCall } from '../capacity/dynamo-recorder';
import type { CapacityRun } from '../capacity/run';
import { benchConfig, benchFunctions } from '../functions';
import { lambdaContext } from '../lambda-context';
import { roundSummary, summarize, type Summary } from '../stats';

export interface WarmResult {
  readonly route: string;
  readonly label: string;
  readonly iterations: number;
  readonly latencyMs: Summary;
  /** Invocations whose status differed from the end-to-end run's. */
  readonly mismatches: number;
}

const [capacityFile, outFile, iterationsArg, ...routes] = process.argv.slice(2);
if (!capacityFile || !outFile || routes.length === 0) throw new Error('Usage: tsx bench/warm/run.ts <capacity.json> <out.json> <iterations> <route>...');
const iterations = Number(iterationsArg);
const capacity = JSON.parse(await readFile(capacityFile, 'utf8')) as CapacityRun;

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  STAGE: benchConfig.stage,
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: benchConfig.logLevel,
  ...Object.fromEntries((Object.keys(app.tables) as TableOwner[]).map((service) => [tableEnvName(service), capacity.tables[service]])),
});

type Wire = Record<string, unknown>;
/** DynamoDB's JSON answer as the document client returns it (items unmarshalled). */
const asDocument = (answer: Wire): Wire => {
  const items = (list: unknown): unknown => (list as Wire[]).map((item) => unmarshall(item as never));
  const result: Wire = { ...answer };
  if (answer.Item) result.Item = unmarshall(answer.Item as never);
  if (answer.Attributes) result.Attributes = unmarshall(answer.Attributes as never);
  if (answer.Items) result.Items = items(answer.Items);
  if (answer.LastEvaluatedKey) result.LastEvaluatedKey = unmarshall(answer.LastEvaluatedKey as never);
  if (answer.Responses) result.Responses = Object.fromEntries(Object.entries(answer.Responses as Wire).map(([table, list]) => [table, items(list)]));
  return result;
};

const OPERATIONS = {
  GetItem: [GetCommand, GetItemCommand],
  BatchGetItem: [BatchGetCommand, BatchGetItemCommand],
  Query: [QueryCommand, RawQueryCommand],
  PutItem: [PutCommand, PutItemCommand],
  UpdateItem: [UpdateCommand, UpdateItemCommand],
  DeleteItem: [DeleteCommand, DeleteItemCommand],
  TransactWriteItems: [TransactWriteCommand, TransactWriteItemsCommand],
} as const;

const documentMock = mockClient(DynamoDBDocumentClient);
const rawMock = mockClient(DynamoDBClient);
/** Every call answered as in the recording (a failure recorded is a failure replayed). */
const answerAs = (calls: readonly RecordedCall[]): void => {
  documentMock.reset();
  rawMock.reset();
  for (const call of calls) {
    const operation = call.target.split('.')[1] as keyof typeof OPERATIONS;
    const commands = OPERATIONS[operation];
    if (!commands) throw new Error(`No mock for ${call.target}: add it to OPERATIONS`);
    const answer = JSON.parse(call.body) as Wire;
    if (call.status !== 200) throw new Error(`${call.target} failed in the recording; the warm benchmark replays successes only`);
    documentMock.on(commands[0] as never).resolves(asDocument(answer) as never);
    rawMock.on(commands[1] as never).resolves(answer as never);
  }
};

const results: WarmResult[] = [];
for (const routeId of routes) {
  const fn = benchFunctions().find((candidate) => candidate.name === routeId);
  const recording = capacity.recordings[routeId];
  if (!fn || !recording) throw new Error(`No function or recording for ${routeId}`);
  const { handler } = (await import(pathToFileURL(fn.entry).href)) as { handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyResult> };
  answerAs(recording.dynamodb);
  const eventJson = JSON.stringify(recording.event);
  const context = lambdaContext(fn.name, fn.memoryMb);
  const warmUp = Math.max(20, Math.round(iterations / 10));
  const samples: number[] = [];
  let mismatches = 0;
  for (let i = 0; i < warmUp + iterations; i += 1) {
    const event = JSON.parse(eventJson) as unknown;
    const startedAt = performance.now();
    const response = await handler(event, context);
    const elapsed = performance.now() - startedAt;
    if (i >= warmUp) {
      samples.push(elapsed);
      if (String(response.statusCode) !== recording.outcome) mismatches += 1;
    }
  }
  results.push({ route: routeId, label: fn.label, iterations, latencyMs: roundSummary(summarize(samples), 4), mismatches });
}
await writeFile(outFile, JSON.stringify(results));
