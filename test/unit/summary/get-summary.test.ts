import { DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../lambdas/summary/handlers/get-summary';
import { MAX_COUNT_PAGES } from '../../../lambdas/notifications/reader';
import { expectProblem, httpEvent, lambdaContext, type HttpEventOptions } from '../http-event';
import {
  NOTIFICATIONS_TABLE,
  ORDERS_TABLE,
  USERS_TABLE,
  notificationView,
  projectedOrder,
  storedNotification,
  storedUser,
} from './fixtures';
import { enforceContractAccess } from '../declared-access';
import { summary } from '../../../lambdas/summary/contract';

// Before the handler module loads: it reads its table names once, at cold start.
vi.hoisted(() => {
  process.env.USERS_TABLE_NAME = 'users-test-table';
  process.env.ORDERS_TABLE_NAME = 'orders-test-table';
  process.env.NOTIFICATIONS_TABLE_NAME = 'notifications-test-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'getUserSummary', summary.routes.getUserSummary);

const ORDER_IDS = ['01JNB3W5M2ZQ4Y0P9R6S7T8V05', '01JNB3W5M2ZQ4Y0P9R6S7T8V04', '01JNB3W5M2ZQ4Y0P9R6S7T8V03'];
const EVENT_IDS = ['01JNB3W5M2ZQ4Y0P9R6S7T8VE3', '01JNB3W5M2ZQ4Y0P9R6S7T8VE2', '01JNB3W5M2ZQ4Y0P9R6S7T8VE1'];

const summaryRequest = (id = 'user-1', overrides: Partial<HttpEventOptions> = {}) =>
  httpEvent({
    method: 'GET',
    path: `/v1/users/${id}/summary`,
    resource: '/v1/users/{id}/summary',
    pathParameters: { id },
    claims: { sub: 'user-1' },
    ...overrides,
  });

type QueryAnswer = (input: QueryCommandInput) => Partial<QueryCommandOutput> | Promise<Partial<QueryCommandOutput>>;

/** Answers each of the summary's queries: the orders index, the latest notifications, the count. */
const answerQueries = ({
  orders = () => ({ Items: ORDER_IDS.map((id) => projectedOrder(id)) }),
  latest = () => ({ Items: EVENT_IDS.map((id) => storedNotification(id)) }),
  count = () => ({ Count: 7 }),
}: { orders?: QueryAnswer; latest?: QueryAnswer; count?: QueryAnswer } = {}) => {
  ddb.on(QueryCommand).callsFake(async (input: QueryCommandInput) => {
    if (input.TableName === ORDERS_TABLE) return orders(input);
    if (input.Select === 'COUNT') return count(input);
    return latest(input);
  });
};

const failure = () => {
  throw Object.assign(new Error('secret internal detail'), { name: 'ProvisionedThroughputExceededException' });
};

const sentQueries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

/** A projection's attribute names, with its #placeholders resolved. */
const projectedNames = (input: QueryCommandInput): string[] =>
  (input.ProjectionExpression ?? '').split(',').map((name) => input.ExpressionAttributeNames?.[name.trim()] ?? name.trim());

beforeEach(() => {
  ddb.reset();
});

describe('GET /v1/users/{id}/summary', () => {
  it('returns the owner their profile, newest orders and notifications, without storage attributes', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries();

    const result = await handler(summaryRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      user: { id: 'user-1', name: 'Ada', email: 'ada@example.com', createdAt: storedUser().createdAt, updatedAt: storedUser().updatedAt, version: 2 },
      recentOrders: ORDER_IDS.map((id) => projectedOrder(id)),
      notifications: { total: 7, totalIsExact: true, latest: EVENT_IDS.map(notificationView) },
      partial: [],
    });
  });

  it('reads the profile by key, the 5 newest orders from the index and the 3 newest notifications with their count', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries();

    await handler(summaryRequest(), lambdaContext);

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: USERS_TABLE, Key: { pk: 'USER#user-1', sk: 'PROFILE' }, ConsistentRead: true },
    ]);
    const queries = sentQueries();
    expect(queries).toHaveLength(3);
    expect(queries).toContainEqual(
      expect.objectContaining({
        TableName: ORDERS_TABLE,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :user',
        ExpressionAttributeValues: { ':user': 'USER#user-1' },
        ScanIndexForward: false,
        Limit: 5,
      }),
    );
    expect(queries).toContainEqual(
      expect.objectContaining({
        TableName: NOTIFICATIONS_TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'USER#user-1', ':prefix': 'NOTIFICATION#' },
        ScanIndexForward: false,
        Limit: 3,
      }),
    );
    expect(queries).toContainEqual({
      TableName: NOTIFICATIONS_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'USER#user-1', ':prefix': 'NOTIFICATION#' },
      Select: 'COUNT',
      ExclusiveStartKey: undefined,
    });
  });

  it('asks DynamoDB for the public attributes of orders only, so keys, index keys and kind never leave the table', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries();

    await handler(summaryRequest(), lambdaContext);

    const ordersQuery = sentQueries().find((input) => input.TableName === ORDERS_TABLE)!;
    expect(projectedNames(ordersQuery).sort()).toEqual(
      ['createdAt', 'id', 'items', 'reason', 'status', 'totalCents', 'updatedAt', 'userId', 'version'],
    );
  });

  it('starts every read before any of them has answered', async () => {
    const started: string[] = [];
    let release: () => void = () => undefined;
    const allStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each read waits until all four have started; reads made one after another would never get there.
    const afterAllStarted = async <T>(name: string, value: T): Promise<T> => {
      started.push(name);
      if (started.length === 4) release();
      await Promise.race([
        allStarted,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${started.join(', ')} started`)), 1_000)),
      ]);
      return value;
    };
    ddb.on(GetCommand).callsFake(() => afterAllStarted('user', { Item: storedUser() }));
    answerQueries({
      orders: () => afterAllStarted('orders', { Items: [] }),
      latest: () => afterAllStarted('latest', { Items: [] }),
      count: () => afterAllStarted('count', { Count: 0 }),
    });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).partial).toEqual([]);
    expect(started.sort()).toEqual(['count', 'latest', 'orders', 'user']);
  });

  it('counts notifications across pages, passing on where each page stopped', async () => {
    const pageEnds = [{ pk: 'USER#user-1', sk: 'NOTIFICATION#A' }, { pk: 'USER#user-1', sk: 'NOTIFICATION#B' }];
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    let page = 0;
    answerQueries({ count: () => ({ Count: 1000, LastEvaluatedKey: pageEnds[page++] }) });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(JSON.parse(result.body).notifications).toMatchObject({ total: 3000, totalIsExact: true });
    const counts = sentQueries().filter((input) => input.Select === 'COUNT');
    expect(counts.map((input) => input.ExclusiveStartKey)).toEqual([undefined, ...pageEnds]);
  });

  it(`stops counting after ${MAX_COUNT_PAGES} pages and says the total is a lower bound`, async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries({ count: () => ({ Count: 1000, LastEvaluatedKey: { pk: 'USER#user-1', sk: 'NOTIFICATION#Z' } }) });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(JSON.parse(result.body).notifications).toMatchObject({ total: MAX_COUNT_PAGES * 1000, totalIsExact: false });
    expect(sentQueries().filter((input) => input.Select === 'COUNT')).toHaveLength(MAX_COUNT_PAGES);
  });

  it('still answers 200 when the orders cannot be read, with orders null and named in partial, and no cause', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries({ orders: failure });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body);
    expect(body).toMatchObject({ user: { id: 'user-1' }, recentOrders: null, partial: ['orders'] });
    expect(body.notifications).toEqual({ total: 7, totalIsExact: true, latest: EVENT_IDS.map(notificationView) });
    expect(result.body).not.toContain('secret internal detail');
  });

  it('drops the notifications as a whole when their count fails, even though the latest were read', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries({ count: failure });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      recentOrders: ORDER_IDS.map((id) => projectedOrder(id)),
      notifications: null,
      partial: ['notifications'],
    });
  });

  it('answers with the profile alone when both other parts fail', async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser() });
    answerQueries({ orders: failure, latest: failure });

    const result = await handler(summaryRequest(), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      user: { id: 'user-1' },
      recentOrders: null,
      notifications: null,
      partial: ['orders', 'notifications'],
    });
  });

  it('answers 404 for an id with no profile, whatever the other tables hold', async () => {
    ddb.on(GetCommand).resolves({});
    answerQueries();

    const result = await handler(summaryRequest(), lambdaContext);

    const problem = expectProblem(result, 404);
    expect(problem.type).toBe('/problems/not-found');
  });

  it('answers 500 without the cause when the profile cannot be read: without it there is no summary', async () => {
    ddb.on(GetCommand).callsFake(failure);
    answerQueries();

    const result = await handler(summaryRequest(), lambdaContext);

    const problem = expectProblem(result, 500);
    expect(result.body).not.toContain('secret internal detail');
    expect(problem.detail).toContain('request-1');
  });

  it("answers a non-admin asking for someone else's summary exactly as for a missing user, reading nothing", async () => {
    ddb.on(GetCommand).resolves({});
    answerQueries();
    const missing = await handler(summaryRequest('user-1'), lambdaContext);
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: storedUser('user-2') });
    answerQueries();

    const someoneElses = await handler(summaryRequest('user-2'), lambdaContext);

    expectProblem(someoneElses, 404);
    expect(someoneElses.body).toBe(missing.body);
    expect(ddb.calls()).toHaveLength(0);
  });

  it("returns an admin someone else's summary, read under that user's keys", async () => {
    ddb.on(GetCommand).resolves({ Item: storedUser('user-2') });
    answerQueries({
      orders: () => ({ Items: [projectedOrder(ORDER_IDS[0]!, 'user-2')] }),
      latest: () => ({ Items: [storedNotification(EVENT_IDS[0]!, 'user-2')] }),
      count: () => ({ Count: 1 }),
    });

    const result = await handler(summaryRequest('user-2', { claims: { sub: 'admin-1', 'cognito:groups': 'admin' } }), lambdaContext);

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      user: { id: 'user-2' },
      recentOrders: [{ id: ORDER_IDS[0], userId: 'user-2' }],
      notifications: { total: 1, latest: [notificationView(EVENT_IDS[0]!)] },
      partial: [],
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: 'USER#user-2', sk: 'PROFILE' });
    expect(sentQueries().map((input) => Object.values(input.ExpressionAttributeValues ?? {})[0])).toEqual([
      'USER#user-2',
      'USER#user-2',
      'USER#user-2',
    ]);
  });

  it.each([
    { name: 'a request without claims', request: { claims: null }, status: 401, type: '/problems/unauthorized' },
    { name: 'a body', request: { body: { anything: true } }, status: 400, type: '/problems/validation' },
  ])('refuses $name with $status without reading anything', async ({ request, status, type }) => {
    const result = await handler(summaryRequest('user-1', request), lambdaContext);

    expect(expectProblem(result, status).type).toBe(type);
    expect(ddb.calls()).toHaveLength(0);
  });
});
