import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConflictProxy, type ConflictProxy } from '../../../../local/dynamodb/conflict-proxy';

/**
 * A stand-in for DynamoDB Local that answers every request after a delay (so transactions
 * overlap, as they do under load) and records what reached it. It answers DescribeTable with a
 * pk/sk key schema, so the proxy's own key-schema look-up is exercised too. While a test holds
 * transactions (`inFlight`), it answers none until released: however slow the machine, the
 * transaction is still in flight when the test's next call arrives.
 */
const UPSTREAM_DELAY_MS = 60;
let held: Promise<void> | undefined;
let releaseHeld = (): void => {};
let upstream: http.Server;
let upstreamUrl: string;
const received: { operation: string; body: string }[] = [];

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target']).split('.')[1] ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ operation, body });
      const answer =
        operation === 'DescribeTable'
          ? { Table: { TableName: JSON.parse(body).TableName, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] } }
          : operation === 'GetItem'
            ? { Item: { pk: { S: 'echo' }, sk: { S: body.length.toString() } } }
            : {};
      const answerNow = (): void => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(answer));
      };
      if (operation === 'TransactWriteItems' && held) void held.then(answerNow);
      else setTimeout(answerNow, operation === 'DescribeTable' ? 0 : UPSTREAM_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

let proxy: ConflictProxy;
let client: DynamoDBClient;
beforeEach(async () => {
  received.length = 0;
  proxy = await startConflictProxy({ upstream: upstreamUrl });
  // One attempt: the test sees each answer of the proxy, not the SDK's retries of it.
  client = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'local', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
});
afterEach(async () => {
  releaseHeld();
  client.destroy();
  await proxy.close();
});

const key = (id: string) => ({ pk: { S: `PRODUCT#${id}` }, sk: { S: 'PRODUCT' } });
const takeOne = (id: string): TransactWriteItem => ({
  Update: { TableName: 'products', Key: key(id), UpdateExpression: 'SET stock = stock - :one', ExpressionAttributeValues: { ':one': { N: '1' } } },
});
const putNew = (id: string): TransactWriteItem => ({ Put: { TableName: 'products', Item: { ...key(id), stock: { N: '5' } } } });
const transact = (...items: TransactWriteItem[]) => client.send(new TransactWriteItemsCommand({ TransactItems: items }));
const upstreamSaw = (operation: string) => received.filter((request) => request.operation === operation).length;

/**
 * Starts a transaction and resolves once it has reached the upstream, which holds it: it holds its
 * items until `finish()` releases it and waits for its answer.
 */
const inFlight = async (start: () => Promise<unknown>): Promise<{ finish(): Promise<unknown> }> => {
  held = new Promise<void>((resolve) => {
    releaseHeld = () => {
      held = undefined;
      resolve();
    };
  });
  const before = upstreamSaw('TransactWriteItems');
  const done = start();
  const deadline = Date.now() + 10_000;
  while (upstreamSaw('TransactWriteItems') === before) {
    if (Date.now() > deadline) throw new Error('The transaction never reached the upstream');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return {
    finish: () => {
      releaseHeld();
      return done;
    },
  };
};

/** What a rejected call threw: its error name and, for a cancelled transaction, the reason codes. */
const failure = async (call: Promise<unknown>): Promise<{ name: string; codes?: (string | undefined)[]; status?: number }> => {
  try {
    await call;
  } catch (error) {
    const { name, CancellationReasons, $metadata } = error as { name: string; CancellationReasons?: { Code?: string }[]; $metadata?: { httpStatusCode?: number } };
    return { name, codes: CancellationReasons?.map((reason) => reason.Code), status: $metadata?.httpStatusCode };
  }
  throw new Error('The call succeeded');
};

describe('the transaction conflict proxy', () => {
  it('cancels most of 40 concurrent transactions on one item with TransactionConflict, and forwards only the others', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, index) => transact(takeOne('hot'), putNew(`line-${index}`))));

    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const rejected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { name: string; CancellationReasons?: { Code?: string }[] }] : []));
    expect(succeeded).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeGreaterThan(20);
    for (const error of rejected) {
      expect(error.name).toBe('TransactionCanceledException');
      // Reasons in request order: the held stock item conflicts, the new line item is fine.
      expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['TransactionConflict', 'None']);
    }
    expect(upstreamSaw('TransactWriteItems')).toBe(succeeded);
    expect(proxy.counts().transactionsCancelled).toBe(rejected.length);
  });

  it('reports the conflict at the index of the held item, whichever action names it', async () => {
    const holder = await inFlight(() => transact(putNew('a')));
    const conflicted = await failure(transact(takeOne('b'), { ConditionCheck: { TableName: 'products', Key: key('a'), ConditionExpression: 'attribute_exists(pk)' } }));
    await holder.finish();

    expect(conflicted).toEqual({ name: 'TransactionCanceledException', codes: ['None', 'TransactionConflict'], status: 400 });
  });

  it('holds items only while their transaction is in flight', async () => {
    await transact(takeOne('hot'));
    await transact(takeOne('hot'));

    expect(upstreamSaw('TransactWriteItems')).toBe(2);
    expect(proxy.counts().transactionsCancelled).toBe(0);
  });

  it('rejects a single-item write on an item an in-flight transaction holds with TransactionConflictException', async () => {
    await client.send(new PutItemCommand({ TableName: 'products', Item: { ...key('other'), stock: { N: '1' } } }));
    const holder = await inFlight(() => transact(takeOne('hot')));
    const update = await failure(client.send(new UpdateItemCommand({ TableName: 'products', Key: key('hot'), UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': { N: '1' } } })));
    const put = await failure(client.send(new PutItemCommand({ TableName: 'products', Item: { ...key('hot'), stock: { N: '1' } } })));
    await holder.finish();

    expect(update).toMatchObject({ name: 'TransactionConflictException', status: 400 });
    expect(put).toMatchObject({ name: 'TransactionConflictException', status: 400 });
    expect(upstreamSaw('UpdateItem')).toBe(0);
    expect(upstreamSaw('PutItem')).toBe(1);
    expect(proxy.counts().writesRejected).toBe(2);
  });

  it('answers a repeat of an in-flight transaction (same ClientRequestToken) with TransactionInProgressException, not a conflict with itself', async () => {
    const input = { TransactItems: [takeOne('hot')], ClientRequestToken: 'token-1' };
    const first = await inFlight(() => client.send(new TransactWriteItemsCommand(input)));
    const repeat = await failure(client.send(new TransactWriteItemsCommand(input)));
    await first.finish();

    expect(repeat).toMatchObject({ name: 'TransactionInProgressException', status: 400 });
    expect(proxy.counts()).toEqual({ transactionsCancelled: 0, writesRejected: 0, inProgress: 1 });
  });

  it('lets reads through during a transaction, body and answer untouched', async () => {
    const holder = await inFlight(() => transact(takeOne('hot')));
    const { Item } = await client.send(new GetItemCommand({ TableName: 'products', Key: key('hot') }));
    await holder.finish();

    const get = received.find((request) => request.operation === 'GetItem')!;
    expect(JSON.parse(get.body)).toEqual({ TableName: 'products', Key: key('hot') });
    expect(Item).toEqual({ pk: { S: 'echo' }, sk: { S: String(get.body.length) } });
  });

  it('passes a transaction naming one item twice to DynamoDB Local, whose validation error DynamoDB also gives', async () => {
    await transact(takeOne('hot'), takeOne('hot'));

    expect(upstreamSaw('TransactWriteItems')).toBe(1);
  });
});
