/**
 * One correlation id finds a request's whole path: the response, the route's log line, the
 * relays that published its events, each consumer that handled them, and the envelopes of the
 * events it caused, all read from what the local runtime exposes (function log files, tables).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFunctionName, relayFunctionName } from '../../local/names';
import { app } from '../../lib/app';
import type { ApiResult, Order } from '@serverless-gateway-events/client';
import { ApiClient, eventually } from './support/api-client';
import { expectOk, signIn } from './support/client';
import { sharedLocalRuntime } from './support/shared-local-runtime';
import { settledOrder } from './support/shop';

interface Resources {
  readonly dynamodbEndpoint: string;
  readonly region: string;
  readonly tables: Record<string, string>;
  readonly logsDir: string;
}

type LogLine = Record<string, unknown> & { message?: string; correlationId?: string; eventType?: string; eventId?: string };

interface Envelope {
  readonly id: string;
  readonly type: string;
  readonly correlationId: string;
  readonly subject: string;
}

const consumerFn = (name: string): string => consumerFunctionName(app.consumers.find((consumer) => consumer.name === name)!);

describe('one correlation id, from the request to the last consumer', () => {
  const correlationId = `e2e-order-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `corr-buyer-${Date.now().toString(36)}@example.com`;
  let logsDir: string;
  let api: ApiClient;
  let resources: Resources;
  let documents: DynamoDBDocumentClient;
  /** The order placed with the client's correlation id, through the typed client. */
  let placed: ApiResult<Order>;
  let orderId: string;

  /** Every JSON line of every function log file that mentions `text`: what `grep -r` would find. */
  const grep = (text: string): { file: string; line: LogLine }[] =>
    fs
      .readdirSync(resources.logsDir)
      .filter((file) => file.endsWith('.log'))
      .flatMap((file) =>
        fs
          .readFileSync(path.join(resources.logsDir, file), 'utf8')
          .split('\n')
          .filter((line) => line.includes(text) && line.startsWith('{'))
          .map((line) => ({ file: file.replace(/\.log$/, ''), line: JSON.parse(line) as LogLine })),
      );
  const linesOf = (fn: string, message: string, eventType?: string): LogLine[] =>
    grep(correlationId)
      .filter(({ file, line }) => file === fn && line.message === message && (eventType === undefined || line.eventType === eventType))
      .map(({ line }) => line);

  /** The outbox envelopes a table holds for this correlation id (outbox items stay until their TTL). */
  const outboxEnvelopes = async (service: string): Promise<Envelope[]> => {
    const { Items = [] } = await documents.send(
      new ScanCommand({
        TableName: resources.tables[service],
        FilterExpression: 'begins_with(pk, :outbox) AND #event.correlationId = :id',
        ExpressionAttributeNames: { '#event': 'event' },
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':id': correlationId },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => item.event as Envelope);
  };

  beforeAll(async () => {
    const runtime = sharedLocalRuntime();
    logsDir = runtime.logsDir;
    api = new ApiClient(runtime.url);
    resources = (await api.get<Resources>('/_local/resources', { apiKey: null })).body;
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: resources.dynamodbEndpoint, region: resources.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );

    const admin = await signIn(api.url, 'corr-admin', { groups: ['admin'] });
    const buyer = await signIn(api.url, 'corr-buyer', { email });
    expectOk(await buyer.createUser({ name: 'Corr Buyer', email }), 201);
    const product = expectOk(await admin.createProduct({ name: 'Desk', priceCents: 12_000, stock: 5 }), 201);

    placed = await buyer.placeOrder({ items: [{ productId: product.id, quantity: 2 }] }, { correlationId });
    orderId = expectOk(placed, 201).id;
    expect((await settledOrder(buyer, orderId)).status).toBe('CONFIRMED');
    // The notifications consumer is last, behind a 2 s batching window.
    await eventually(async () => linesOf(consumerFn('notifications'), 'Event handled', 'OrderConfirmed'), (lines) => lines.length > 0, {
      what: 'the notifications consumer to handle OrderConfirmed',
    });
  });

  afterAll(() => {
    documents?.destroy();
  });

  it('tells where the function logs are, in GET /_local/resources: logs/ under --logs-dir', () => {
    expect(resources.logsDir).toBe(path.join(logsDir, 'logs'));
  });

  it('returns the client\'s id in the response\'s x-correlation-id', () => {
    expect(placed.headers?.get('x-correlation-id')).toBe(correlationId);
    expect(placed.correlationId).toBe(correlationId);
  });

  it('replaces a malformed client id with one of its own, and still returns it', async () => {
    const response = await api.get('/v1/health', { headers: { 'x-correlation-id': 'bad id!' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(response.headers.get('x-correlation-id')).not.toBe('bad id!');
  });

  it('logs the request in the route\'s log, with its status', () => {
    expect(linesOf('placeOrder', 'Request handled')).toEqual([
      expect.objectContaining({ service: 'orders', function_name: 'placeOrder', statusCode: 201, cold_start: expect.any(Boolean) }),
    ]);
  });

  it('logs every event it caused in the log of the relay that published it', () => {
    expect(linesOf(relayFunctionName('orders'), 'Event published', 'OrderPlaced')).toHaveLength(1);
    expect(linesOf(relayFunctionName('products'), 'Event published', 'StockReserved')).toHaveLength(1);
    expect(linesOf(relayFunctionName('orders'), 'Event published', 'OrderConfirmed')).toHaveLength(1);
  });

  it('logs each consumer\'s handling of its events, with the event type, id and outcome', () => {
    for (const [consumer, eventType] of [
      ['inventory', 'OrderPlaced'],
      ['orders', 'StockReserved'],
      ['notifications', 'OrderConfirmed'],
    ] as const) {
      expect(linesOf(consumerFn(consumer), 'Event handled', eventType), consumer).toEqual([
        expect.objectContaining({ service: consumer, eventId: expect.any(String), outcome: 'applied' }),
      ]);
    }
  });

  it('carries the id in the envelopes of OrderPlaced, StockReserved and OrderConfirmed, each caused by the one before', async () => {
    const orders = await outboxEnvelopes('orders');
    const products = await outboxEnvelopes('products');

    const orderPlaced = orders.find((event) => event.type === 'OrderPlaced');
    const stockReserved = products.find((event) => event.type === 'StockReserved');
    const orderConfirmed = orders.find((event) => event.type === 'OrderConfirmed');
    for (const event of [orderPlaced, stockReserved, orderConfirmed]) {
      expect(event).toMatchObject({ correlationId, subject: orderId });
    }
    // The consumers' lines name the event they handled: the chain links up by event id too.
    expect(linesOf(consumerFn('inventory'), 'Event handled', 'OrderPlaced')[0]!.eventId).toBe(orderPlaced!.id);
    expect(linesOf(consumerFn('orders'), 'Event handled', 'StockReserved')[0]!.eventId).toBe(stockReserved!.id);
    expect(linesOf(consumerFn('notifications'), 'Event handled', 'OrderConfirmed')[0]!.eventId).toBe(orderConfirmed!.id);
  });

  it('finds the whole path with one search of the logs for the id', () => {
    const files = new Set(grep(correlationId).map(({ file }) => file));

    expect([...files]).toEqual(
      expect.arrayContaining(['placeOrder', relayFunctionName('orders'), relayFunctionName('products'), consumerFn('inventory'), consumerFn('orders'), consumerFn('notifications')]),
    );
  });

  it('writes no email address into any log', () => {
    const everything = fs
      .readdirSync(resources.logsDir)
      .map((file) => fs.readFileSync(path.join(resources.logsDir, file), 'utf8'))
      .join('\n');

    expect(everything).toContain('UserSignedUp');
    expect(everything).not.toContain(email);
  });
});
