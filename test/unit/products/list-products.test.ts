import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.PRODUCTS_TABLE_NAME = 'products-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../../lambdas/products/handlers/list-products';
import { encodeCursor } from '../../../lambdas/shared/pagination';
import { expectProblem, httpEvent, lambdaContext, type HttpEventOptions } from '../http-event';
import { enforceContractAccess } from '../declared-access';
import { products } from '../../../lambdas/products/contract';

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'listProducts', products.routes.listProducts);

const product = (id: string) => ({
  id,
  name: `Product ${id}`,
  priceCents: 100,
  stock: 5,
  createdAt: '2025-02-01T09:30:00.000Z',
  updatedAt: '2025-02-01T09:30:00.000Z',
  version: 1,
});
const itemOf = (id: string) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT', gsi1pk: 'PRODUCT', gsi1sk: id, kind: 'product', ...product(id) });
const keyOf = (id: string) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT', gsi1pk: 'PRODUCT', gsi1sk: id });

const A = '01JKQ3V7Z8ZJ6Y4W2X1R0P9N8A';
const B = '01JKQ3V7Z8ZJ6Y4W2X1R0P9N8B';

const list = (options: Partial<HttpEventOptions> = {}) =>
  handler(httpEvent({ method: 'GET', path: '/v1/products', body: undefined, ...options }), lambdaContext);

const sentQueries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
});

describe('GET /v1/products', () => {
  it('queries the product list index oldest first, 20 at a time by default', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(A), itemOf(B)] });

    const result = await list();

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ items: [product(A), product(B)], nextCursor: null });
    expect(sentQueries()).toEqual([
      {
        TableName: 'products-table',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PRODUCT' },
        ScanIndexForward: true,
        Limit: 20,
        ExclusiveStartKey: undefined,
      },
    ]);
  });

  it('returns a cursor to the next page when DynamoDB has more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(A)], LastEvaluatedKey: keyOf(A) });

    const result = await list({ query: { limit: '1' } });

    const { nextCursor } = JSON.parse(result.body) as { nextCursor: string };
    expect(JSON.parse(Buffer.from(nextCursor, 'base64url').toString('utf8'))).toEqual(keyOf(A));
  });

  it('passes the limit and the cursor given back by the previous page to the Query', async () => {
    ddb.on(QueryCommand).resolves({ Items: [itemOf(B)] });

    await list({ query: { limit: '5', cursor: encodeCursor(keyOf(A))! } });

    expect(sentQueries()[0]).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', Limit: 5, ExclusiveStartKey: keyOf(A) });
  });

  describe('refuses, querying nothing,', () => {
    afterEach(() => {
      expect(ddb.calls()).toHaveLength(0);
    });

    it.each([
      ['not base64 JSON', 'not-a-cursor!'],
      ['a JSON array', Buffer.from('[1]').toString('base64url')],
      ['a key with attributes missing', encodeCursor({ pk: `PRODUCT#${A}`, sk: 'PRODUCT' })!],
      ['a key from another partition', encodeCursor({ ...keyOf(A), gsi1pk: 'USER#u-1' })!],
      ['a key whose table and index keys disagree', encodeCursor({ ...keyOf(A), pk: `PRODUCT#${B}` })!],
      ['a key with a non-string value', encodeCursor({ ...keyOf(A), sk: 7 })!],
    ])('a tampered cursor: %s (400)', async (_, cursor) => {
      const result = await list({ query: { cursor } });

      expect(expectProblem(result, 400).errors).toEqual([{ path: '/cursor', message: 'Invalid cursor' }]);
    });

    it.each([
      ['a limit of 0', { limit: '0' }, '/limit'],
      ['a limit over 100', { limit: '101' }, '/limit'],
      ['a fractional limit', { limit: '2.5' }, '/limit'],
      ['a limit that is not a number', { limit: 'ten' }, '/limit'],
      ['an empty cursor', { cursor: '' }, '/cursor'],
      ['an unknown parameter', { sort: 'name' }, '/sort'],
    ])('%s (400 with errors)', async (_, query, path) => {
      const result = await list({ query });

      const problem = expectProblem(result, 400);
      expect(problem).toMatchObject({ type: '/problems/validation' });
      expect(problem.errors).toEqual([expect.objectContaining({ path })]);
    });

    it('a request without claims (401)', async () => {
      const result = await list({ claims: null });

      expectProblem(result, 401);
    });

    it('a request body (400)', async () => {
      const result = await list({ body: { limit: 5 } });

      expectProblem(result, 400);
    });
  });
});
