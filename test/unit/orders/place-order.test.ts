import { ORDERS_TABLE, PRODUCTS_TABLE } from './env';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/orders/handlers/place-order';
import { MAX_BODY_BYTES } from '../../../lambdas/shared/http/request';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type BadInput, type HttpEventOptions } from '../http-event';
import {
  anOrder,
  expectNothingWritten,
  fakeIdempotencyRecords,
  INTERNAL_ATTRIBUTES,
  orderKeyGuardPk,
  sentTransactions,
  storedOrder,
  transactionCanceled,
} from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { orders } from '../../../lambdas/orders/contract';

const ddb = mockClient(DynamoDBDocumentClient);
const raw = mockClient(DynamoDBClient);
enforceContractAccess(ddb, 'placeOrder', orders.routes.placeOrder);
enforceContractAccess(raw, 'placeOrder', orders.routes.placeOrder);

const LINES = [
  { productId: 'p-1', quantity: 2 },
  { productId: 'p-2', quantity: 1 },
];

const placeRequest = (options: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'POST',
    path: '/v1/orders',
    body: { items: LINES },
    claims: { sub: 'user-1' },
    ...options,
    headers: { 'x-correlation-id': 'corr-place-0001', ...options.headers },
  });
const withKey = (key: string, options: Partial<HttpEventOptions> = {}) =>
  placeRequest({ ...options, headers: { 'Idempotency-Key': key, ...options.headers } });

const place = (event = placeRequest()) => handler(event, lambdaContext);

const pricesInCatalog = (prices: Record<string, number>) =>
  ddb.on(BatchGetCommand).resolves({
    Responses: { [PRODUCTS_TABLE]: Object.entries(prices).map(([id, priceCents]) => ({ id, priceCents })) },
  });

const bodyOf = (result: APIGatewayProxyResult) => JSON.parse(result.body) as Record<string, unknown>;

let idempotencyRecords: ReturnType<typeof fakeIdempotencyRecords>;

beforeEach(() => {
  ddb.reset();
  raw.reset();
  pricesInCatalog({ 'p-1': 500, 'p-2': 250 });
  ddb.on(TransactWriteCommand).resolves({});
  idempotencyRecords = fakeIdempotencyRecords(raw);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/orders', () => {
  it('places a PENDING order priced from the catalogue and answers 201 with its Location', async () => {
    const result = await place();

    expect(result.statusCode).toBe(201);
    const order = bodyOf(result);
    expect(order).toMatchObject({
      userId: 'user-1',
      items: [
        { productId: 'p-1', quantity: 2, unitPriceCents: 500 },
        { productId: 'p-2', quantity: 1, unitPriceCents: 250 },
      ],
      totalCents: 1250,
      status: 'PENDING',
      version: 1,
    });
    expect(responseHeader(result, 'location')).toBe(`/v1/orders/${String(order.id)}`);
    for (const attribute of INTERNAL_ATTRIBUTES) expect(order).not.toHaveProperty(attribute);
  });

  it('reads prices with one BatchGetItem on the products table, projecting only id and price', async () => {
    await place();

    const [call] = ddb.commandCalls(BatchGetCommand);
    expect(call!.args[0].input).toEqual({
      RequestItems: {
        [PRODUCTS_TABLE]: {
          Keys: [
            { pk: 'PRODUCT#p-1', sk: 'PRODUCT' },
            { pk: 'PRODUCT#p-2', sk: 'PRODUCT' },
          ],
          ProjectionExpression: '#id, #price',
          ExpressionAttributeNames: { '#id': 'id', '#price': 'priceCents' },
        },
      },
    });
  });

  it('writes the order, its key guard and OrderPlaced in one transaction', async () => {
    const result = await place(withKey('key-1'));

    const orderId = String(bodyOf(result).id);
    const transactions = sentTransactions(ddb);
    expect(transactions).toHaveLength(1);
    const [orderPut, guardPut, outboxPut] = transactions[0]!;
    expect(orderPut!.Put).toEqual({
      TableName: ORDERS_TABLE,
      Item: {
        ...storedOrder(bodyOf(result) as never),
        pk: `ORDER#${orderId}`,
        sk: 'ORDER',
        gsi1pk: 'USER#user-1',
        gsi1sk: `ORDER#${orderId}`,
        kind: 'order',
        // In the awaiting index from its creation, so the deadline job finds it while it is PENDING.
        awaitingPk: expect.stringMatching(/^PENDING-ORDER#\d$/),
        awaitingSince: bodyOf(result).createdAt,
        correlationId: expect.any(String),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(guardPut!.Put).toMatchObject({
      TableName: ORDERS_TABLE,
      Item: { pk: orderKeyGuardPk('user-1', 'key-1'), sk: 'GUARD', kind: 'order-key', orderId },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
    });
    const nowSeconds = Date.now() / 1000;
    expect(guardPut!.Put.Item.expiresAt).toBeGreaterThan(nowSeconds + 86_400 - 5);
    expect(guardPut!.Put.Item.expiresAt).toBeLessThanOrEqual(nowSeconds + 86_400);
    expect(outboxPut!.Put).toMatchObject({
      TableName: ORDERS_TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: expect.stringMatching(/^OUTBOX#/),
        sk: 'EVENT',
        kind: 'outbox',
        type: 'OrderPlaced',
        event: {
          type: 'OrderPlaced',
          source: 'orders',
          subject: orderId,
          correlationId: 'corr-place-0001',
          data: {
            orderId,
            userId: 'user-1',
            items: [
              { productId: 'p-1', quantity: 2, unitPriceCents: 500 },
              { productId: 'p-2', quantity: 1, unitPriceCents: 250 },
            ],
            totalCents: 1250,
          },
        },
      },
    });
    expect(outboxPut!.Put.Item.pk).toBe(`OUTBOX#${String(outboxPut!.Put.Item.event.id)}`);
  });

  it('without an Idempotency-Key writes no guard and never touches the idempotency records', async () => {
    const result = await place();

    expect(result.statusCode).toBe(201);
    const [items] = sentTransactions(ddb);
    expect(items!.map((item) => item.Put.Item.kind)).toEqual(['order', 'outbox']);
    expect(raw.calls()).toHaveLength(0);
  });

  it('refuses unknown products with 422 naming them, and writes nothing', async () => {
    pricesInCatalog({ 'p-1': 500 });

    const result = await place(placeRequest({ body: { items: [...LINES, { productId: 'p-3', quantity: 1 }] } }));

    const problem = expectProblem(result, 422);
    expect(problem.type).toBe('/problems/unprocessable');
    expect(problem.detail).toContain('p-2, p-3');
    expectNothingWritten(ddb, raw);
  });

  it('frees the key when the order is refused, so a corrected request with it goes through', async () => {
    pricesInCatalog({ 'p-1': 500 });
    expectProblem(await place(withKey('key-1')), 422);
    expect(sentTransactions(ddb)).toHaveLength(0);
    expect(raw.commandCalls(DeleteItemCommand)).toHaveLength(1);

    const corrected = await place(withKey('key-1', { body: { items: [{ productId: 'p-1', quantity: 1 }] } }));

    expect(corrected.statusCode).toBe(201);
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('retries BatchGetItem for the keys DynamoDB left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [PRODUCTS_TABLE]: [{ id: 'p-1', priceCents: 500 }] },
        UnprocessedKeys: { [PRODUCTS_TABLE]: { Keys: [{ pk: 'PRODUCT#p-2', sk: 'PRODUCT' }] } },
      })
      .resolvesOnce({ Responses: { [PRODUCTS_TABLE]: [{ id: 'p-2', priceCents: 250 }] } });

    const result = await place();

    expect(result.statusCode).toBe(201);
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.RequestItems![PRODUCTS_TABLE]!.Keys).toEqual([{ pk: 'PRODUCT#p-2', sk: 'PRODUCT' }]);
  });

  it('gives up with a 500 when keys stay unprocessed, writing nothing', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: { [PRODUCTS_TABLE]: [] },
      UnprocessedKeys: { [PRODUCTS_TABLE]: { Keys: [{ pk: 'PRODUCT#p-1', sk: 'PRODUCT' }] } },
    });

    const result = await place();

    expectProblem(result, 500);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(4);
    expectNothingWritten(ddb, raw);
  });
});

describe('POST /v1/orders with an Idempotency-Key', () => {
  it('records the in-flight request, then its whole response, in the orders table under IDEMPOTENCY#placeOrder', async () => {
    const result = await place(withKey('key-1'));

    const [put] = raw.commandCalls(PutItemCommand);
    const inFlight = unmarshall(put!.args[0].input.Item!);
    expect(put!.args[0].input.TableName).toBe(ORDERS_TABLE);
    expect(inFlight).toMatchObject({ pk: 'IDEMPOTENCY#placeOrder', sk: expect.stringMatching(/^placeOrder#/), status: 'INPROGRESS' });
    const [update] = raw.commandCalls(UpdateItemCommand);
    expect(update!.args[0].input.TableName).toBe(ORDERS_TABLE);
    const [record] = idempotencyRecords.all();
    expect(record).toMatchObject({ status: 'COMPLETED', data: { statusCode: 201, body: result.body, headers: { location: responseHeader(result, 'location') } } });
    expect(record!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 86_400 - 5);
  });

  it('replays the first response to a retry with the same key and body, and places nothing more', async () => {
    const first = await place(withKey('key-1'));

    const retry = await place(withKey('key-1', { headers: { 'x-correlation-id': 'corr-place-0002' } }));

    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(responseHeader(retry, 'location')).toBe(responseHeader(first, 'location'));
    expect(responseHeader(retry, 'x-correlation-id')).toBe('corr-place-0002');
    expect(sentTransactions(ddb)).toHaveLength(1);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
  });

  it('names the same key whether it is sent as a structured-field string or bare', async () => {
    const first = await place(withKey('"key-1"'));

    const retry = await place(withKey('key-1'));

    expect(retry.body).toBe(first.body);
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('refuses the same key with a different body with 422, placing nothing more', async () => {
    await place(withKey('key-1'));

    const result = await place(withKey('key-1', { body: { items: [{ productId: 'p-1', quantity: 3 }] } }));

    const problem = expectProblem(result, 422);
    expect(problem.type).toBe('/problems/idempotency-key-reused');
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('scopes keys per user: the same key from another user places another order', async () => {
    const first = await place(withKey('key-1'));

    const other = await place(withKey('key-1', { claims: { sub: 'user-2' } }));

    expect(other.statusCode).toBe(201);
    expect(bodyOf(other).id).not.toBe(bodyOf(first).id);
    expect(bodyOf(other).userId).toBe('user-2');
    expect(sentTransactions(ddb)).toHaveLength(2);
  });

  it('answers 409 to a retry that arrives while the first request is still in flight', async () => {
    let finishFirst: (value: object) => void = () => undefined;
    ddb.on(TransactWriteCommand).callsFakeOnce(() => new Promise((resolve) => (finishFirst = resolve)));
    const first = place(withKey('key-1'));
    await vi.waitFor(() => expect(sentTransactions(ddb)).toHaveLength(1));

    const retry = await place(withKey('key-1'));

    const problem = expectProblem(retry, 409);
    expect(problem.type).toBe('/problems/idempotency-key-in-flight');
    finishFirst({});
    expect((await first).statusCode).toBe(201);
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('after a crash between the order and its recorded response, answers the retry with the order already placed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // The first attempt writes its order, then dies before Powertools records the response.
    idempotencyRecords.crashBeforeNextUpdate();
    const crashed = await place(withKey('key-1'));
    expectProblem(crashed, 500);
    const [firstTransaction] = sentTransactions(ddb);
    const placedOrder = firstTransaction![0]!.Put.Item;
    const guard = firstTransaction![1]!.Put.Item;
    // The guard it wrote now refuses a second order; reads find what the first attempt wrote.
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand, { Key: { pk: guard.pk, sk: 'GUARD' } }).resolves({ Item: guard });
    ddb.on(GetCommand, { Key: { pk: placedOrder.pk, sk: 'ORDER' } }).resolves({ Item: placedOrder });
    // Powertools holds the key while the crashed invocation could still be running, then lets a retry in.
    expectProblem(await place(withKey('key-1')), 409);
    vi.setSystemTime(Date.now() + lambdaContext.getRemainingTimeInMillis() + 1_000);

    const retry = await place(withKey('key-1'));

    expect(retry.statusCode).toBe(201);
    expect(bodyOf(retry)).toEqual(Object.fromEntries(Object.entries(placedOrder).filter(([name]) => !INTERNAL_ATTRIBUTES.includes(name))));
    expect(responseHeader(retry, 'location')).toBe(`/v1/orders/${String(placedOrder.id)}`);
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([true, true]);
    // The retry's own order was refused by the guard: one order exists, and its response is now recorded.
    expect(idempotencyRecords.all()).toEqual([expect.objectContaining({ status: 'COMPLETED', data: expect.objectContaining({ body: retry.body }) })]);
  });

  it('refuses with 422 a retry whose guard names an order with other lines', async () => {
    const earlier = anOrder({ items: [{ productId: 'p-1', quantity: 9, unitPriceCents: 500 }], totalCents: 4500 });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('None', 'ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand, { Key: { pk: orderKeyGuardPk('user-1', 'key-1'), sk: 'GUARD' } }).resolves({ Item: { orderId: earlier.id } });
    ddb.on(GetCommand, { Key: { pk: `ORDER#${earlier.id}`, sk: 'ORDER' } }).resolves({ Item: storedOrder(earlier) });

    const result = await place(withKey('key-1'));

    expect(expectProblem(result, 422).type).toBe('/problems/idempotency-key-reused');
    expect(sentTransactions(ddb)).toHaveLength(1);
  });

  it('does not mistake a failure of the order item itself for a used key', async () => {
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None'));

    const result = await place(withKey('key-1'));

    expectProblem(result, 500);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('POST /v1/orders refuses bad input without writing anything', () => {
  const line = (productId: string) => ({ productId, quantity: 1 });
  const cases: BadInput[] = [
    { name: 'malformed JSON', request: { body: '{"items": [' }, status: 400, type: '/problems/malformed-json' },
    { name: 'an empty body', request: { body: '' }, status: 400, type: '/problems/validation', errors: ['/'] },
    { name: 'a missing items field', request: { body: {} }, status: 400, type: '/problems/validation', errors: ['/items'] },
    {
      name: 'wrong types',
      request: { body: { items: [{ productId: 42, quantity: '2' }] } },
      status: 400,
      type: '/problems/validation',
      errors: ['/items/0/productId', '/items/0/quantity'],
    },
    { name: 'an unknown top-level field', request: { body: { items: [line('p-1')], coupon: 'FREE' } }, status: 400, type: '/problems/validation', errors: ['/coupon'] },
    {
      name: 'an unknown field in a line',
      request: { body: { items: [{ ...line('p-1'), unitPriceCents: 1 }] } },
      status: 400,
      type: '/problems/validation',
      errors: ['/items/0/unitPriceCents'],
    },
    { name: 'a productId twice', request: { body: { items: [line('p-1'), line('p-1')] } }, status: 400, type: '/problems/validation', errors: ['/items'] },
    { name: 'no lines', request: { body: { items: [] } }, status: 400, type: '/problems/validation', errors: ['/items'] },
    {
      name: '26 lines',
      request: { body: { items: Array.from({ length: 26 }, (_, i) => line(`p-${i}`)) } },
      status: 400,
      type: '/problems/validation',
      errors: ['/items'],
    },
    { name: 'a quantity of 0', request: { body: { items: [{ productId: 'p-1', quantity: 0 }] } }, status: 400, type: '/problems/validation', errors: ['/items/0/quantity'] },
    { name: 'a quantity of 101', request: { body: { items: [{ productId: 'p-1', quantity: 101 }] } }, status: 400, type: '/problems/validation', errors: ['/items/0/quantity'] },
    {
      name: 'a fractional quantity',
      request: { body: { items: [{ productId: 'p-1', quantity: 1.5 }] } },
      status: 400,
      type: '/problems/validation',
      errors: ['/items/0/quantity'],
    },
    { name: 'a body over 64 KB', request: { body: `{"items":[],"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}` }, status: 413, type: '/problems/payload-too-large' },
    { name: 'a non-JSON content type', request: { headers: { 'Content-Type': 'text/plain' } }, status: 415, type: '/problems/unsupported-media-type' },
    { name: 'missing claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
    { name: 'an empty Idempotency-Key', request: { headers: { 'Idempotency-Key': '' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'an empty quoted Idempotency-Key', request: { headers: { 'Idempotency-Key': '""' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'a 256-character Idempotency-Key', request: { headers: { 'Idempotency-Key': 'k'.repeat(256) } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'a non-ASCII Idempotency-Key', request: { headers: { 'Idempotency-Key': 'clé-1' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'a control character in the Idempotency-Key', request: { headers: { 'Idempotency-Key': 'key\u0007' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'an unterminated quoted Idempotency-Key', request: { headers: { 'Idempotency-Key': '"key-1' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'a bad escape in a quoted Idempotency-Key', request: { headers: { 'Idempotency-Key': '"key\\n"' } }, status: 400, type: '/problems/invalid-idempotency-key' },
    { name: 'text after a quoted Idempotency-Key', request: { headers: { 'Idempotency-Key': '"a", "b"' } }, status: 400, type: '/problems/invalid-idempotency-key' },
  ];

  it.each(cases)('$name -> $status', async ({ request, status, type, errors }) => {
    const result = await place(placeRequest(request));

    const problem = expectProblem(result, status);
    expect(problem.type).toBe(type);
    if (errors) expect((problem.errors as { path: string }[]).map((error) => error.path)).toEqual(expect.arrayContaining(errors));
    expectNothingWritten(ddb, raw);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses an Idempotency-Key header sent twice', async () => {
    const event = withKey('key-1');
    event.multiValueHeaders = { 'Idempotency-Key': ['key-1', 'key-2'] };

    const problem = expectProblem(await place(event), 400);

    expect(problem.type).toBe('/problems/invalid-idempotency-key');
    expectNothingWritten(ddb, raw);
  });

  it('accepts a 255-character key and an escaped quote in a quoted key', async () => {
    expect((await place(withKey('k'.repeat(255)))).statusCode).toBe(201);
    expect((await place(withKey('"a \\"quoted\\" key"'))).statusCode).toBe(201);
  });
});
