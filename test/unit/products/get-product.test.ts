import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi, afterEach } from 'vitest';

vi.hoisted(() => {
  process.env.PRODUCTS_TABLE_NAME = 'products-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../../lambdas/products/handlers/get-product';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type HttpEventOptions } from '../http-event';
import { enforceContractAccess } from '../declared-access';
import { products } from '../../../lambdas/products/contract';

const ID = '01JKQ3V7Z8ZJ6Y4W2X1R0P9N8M';
const PRODUCT = {
  id: ID,
  name: 'Espresso cup',
  priceCents: 1250,
  stock: 37,
  createdAt: '2025-02-01T09:30:00.000Z',
  updatedAt: '2025-02-03T10:00:00.000Z',
  version: 4,
};

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'getProduct', products.routes.getProduct);

const get = (options: Partial<HttpEventOptions> = {}) =>
  handler(
    httpEvent({ method: 'GET', path: `/v1/products/${ID}`, resource: '/v1/products/{id}', pathParameters: { id: ID }, body: undefined, ...options }),
    lambdaContext,
  );

beforeEach(() => {
  ddb.reset();
});

describe('GET /v1/products/{id}', () => {
  it('returns the product, its available stock and its ETag to any signed-in caller, without table attributes', async () => {
    ddb.on(GetCommand).resolves({
      Item: { pk: `PRODUCT#${ID}`, sk: 'PRODUCT', gsi1pk: 'PRODUCT', gsi1sk: ID, kind: 'product', ...PRODUCT },
    });

    const result = await get();

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual(PRODUCT);
    expect(responseHeader(result, 'etag')).toBe('"4"');
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'products-table', Key: { pk: `PRODUCT#${ID}`, sk: 'PRODUCT' } },
    ]);
  });

  it('answers 404 for a product that does not exist', async () => {
    ddb.on(GetCommand).resolves({});

    const result = await get();

    expect(expectProblem(result, 404)).toMatchObject({ type: '/problems/not-found' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  describe('refuses, reading nothing,', () => {
    afterEach(() => {
      expect(ddb.calls()).toHaveLength(0);
    });

    it('an id that cannot be a product id (404)', async () => {
      const result = await get({ path: '/v1/products/PRODUCT', pathParameters: { id: 'PRODUCT#x' } });

      expectProblem(result, 404);
    });

    it('a request without claims (401)', async () => {
      const result = await get({ claims: null });

      expect(expectProblem(result, 401)).toMatchObject({ type: '/problems/unauthorized' });
    });

    it('a query parameter the route does not take (400 with errors)', async () => {
      const result = await get({ query: { fields: 'name' } });

      expect(expectProblem(result, 400).errors).toEqual([{ path: '/fields', message: 'Unknown field' }]);
    });

    it('a request body (400)', async () => {
      const result = await get({ body: { name: 'x' } });

      expect(expectProblem(result, 400)).toMatchObject({ type: '/problems/validation' });
    });
  });
});
