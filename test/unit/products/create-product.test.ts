import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.PRODUCTS_TABLE_NAME = 'products-table';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler } from '../../../lambdas/products/handlers/create-product';
import { MAX_BODY_BYTES } from '../../../lambdas/shared/http/request';
import { expectProblem, httpEvent, lambdaContext, responseHeader, type HttpEventOptions } from '../http-event';
import { enforceContractAccess } from '../declared-access';
import { products } from '../../../lambdas/products/contract';

const NOW = '2025-02-01T09:30:00.000Z';
const ADMIN = { sub: 'admin-1', 'cognito:groups': 'admin' };
const VALID_BODY = { name: 'Espresso cup', priceCents: 1250, stock: 40 };

const ddb = mockClient(DynamoDBDocumentClient);
enforceContractAccess(ddb, 'createProduct', products.routes.createProduct);

const post = (options: Partial<HttpEventOptions> = {}) =>
  handler(
    httpEvent({ method: 'POST', path: '/v1/products', claims: ADMIN, body: VALID_BODY, ...options }),
    lambdaContext,
  );

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  vi.useFakeTimers({ now: new Date(NOW), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/products', () => {
  it('creates the product and stores ProductCreated in the same transaction', async () => {
    const result = await post({ headers: { 'X-Correlation-Id': 'corr-create-1' } });

    expect(result.statusCode).toBe(201);
    const product = JSON.parse(result.body) as { id: string };
    expect(product).toEqual({ id: expect.any(String), ...VALID_BODY, createdAt: NOW, updatedAt: NOW, version: 1 });
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.TransactItems).toEqual([
      {
        Put: {
          TableName: 'products-table',
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: `PRODUCT#${product.id}`,
            sk: 'PRODUCT',
            gsi1pk: 'PRODUCT',
            gsi1sk: product.id,
            kind: 'product',
            ...product,
          },
        },
      },
      {
        Put: {
          TableName: 'products-table',
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: expect.stringMatching(/^OUTBOX#/),
            sk: 'EVENT',
            kind: 'outbox',
            type: 'ProductCreated',
            // In the awaiting index until a relay marks it published; kept as long as a parked record may name it.
            awaitingPk: expect.stringMatching(/^OUTBOX#\d$/),
            awaitingSince: NOW,
            expiresAt: Math.floor(Date.parse(NOW) / 1000) + 15 * 86_400,
            event: {
              id: expect.any(String),
              type: 'ProductCreated',
              version: 1,
              source: 'products',
              occurredAt: NOW,
              correlationId: 'corr-create-1',
              subject: product.id,
              data: { productId: product.id, ...VALID_BODY },
            },
          },
        },
      },
    ]);
    expect(ddb.calls()).toHaveLength(1);
  });

  it('points Location at the new product and returns its ETag', async () => {
    const result = await post();

    const { id } = JSON.parse(result.body) as { id: string };
    expect(responseHeader(result, 'location')).toBe(`/v1/products/${id}`);
    expect(responseHeader(result, 'etag')).toBe('"1"');
    expect(responseHeader(result, 'content-type')).toBe('application/json');
  });

  it('accepts the admin group as a list, as a decoded JWT gives it', async () => {
    const result = await post({ claims: { sub: 'admin-1', 'cognito:groups': ['ops', 'admin'] } });

    expect(result.statusCode).toBe(201);
  });

  it('answers 500 without revealing the cause when the transaction fails', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('secret internal detail'));

    const result = await post();

    const problem = expectProblem(result, 500);
    expect(JSON.stringify(problem)).not.toContain('secret internal detail');
  });

  describe('refuses, writing nothing,', () => {
    afterEach(() => {
      expect(ddb.calls()).toHaveLength(0);
    });

    it('a caller who is not an admin (403)', async () => {
      const result = await post({ claims: { sub: 'user-1' } });

      expect(expectProblem(result, 403)).toMatchObject({ type: '/problems/forbidden' });
    });

    it('a caller who is not an admin before looking at the body (403, not 400)', async () => {
      const result = await post({ claims: { sub: 'user-1', 'cognito:groups': 'ops' }, body: '{"name":' });

      expectProblem(result, 403);
    });

    it('a request without claims (401)', async () => {
      const result = await post({ claims: null });

      expect(expectProblem(result, 401)).toMatchObject({ type: '/problems/unauthorized' });
    });

    it('malformed JSON (400)', async () => {
      const result = await post({ body: '{"name": "cup", ' });

      expect(expectProblem(result, 400)).toMatchObject({ type: '/problems/malformed-json' });
    });

    it('an empty body (400)', async () => {
      const result = await post({ body: '' });

      expect(expectProblem(result, 400)).toMatchObject({ type: '/problems/validation', errors: [{ path: '/', message: 'Required' }] });
    });

    it.each([
      ['a missing name', { priceCents: 1250, stock: 40 }, '/name'],
      ['a blank name', { ...VALID_BODY, name: '   ' }, '/name'],
      ['a name that is not a string', { ...VALID_BODY, name: 42 }, '/name'],
      ['a zero price', { ...VALID_BODY, priceCents: 0 }, '/priceCents'],
      ['a fractional price', { ...VALID_BODY, priceCents: 12.5 }, '/priceCents'],
      ['a price sent as a string', { ...VALID_BODY, priceCents: '1250' }, '/priceCents'],
      ['a negative stock', { ...VALID_BODY, stock: -1 }, '/stock'],
      ['a fractional stock', { ...VALID_BODY, stock: 1.5 }, '/stock'],
      ['a missing stock', { name: 'cup', priceCents: 1 }, '/stock'],
      ['an unknown field', { ...VALID_BODY, colour: 'red' }, '/colour'],
    ])('%s (400 with errors)', async (_, body, path) => {
      const result = await post({ body });

      const problem = expectProblem(result, 400);
      expect(problem).toMatchObject({ type: '/problems/validation' });
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    });

    it('a body that is not an object (400 with errors)', async () => {
      const result = await post({ body: '[1, 2]' });

      expect(expectProblem(result, 400).errors).toEqual([expect.objectContaining({ path: '/' })]);
    });

    it('a body over 64 KB (413)', async () => {
      const result = await post({ body: JSON.stringify({ ...VALID_BODY, name: 'x'.repeat(MAX_BODY_BYTES) }) });

      expect(expectProblem(result, 413)).toMatchObject({ type: '/problems/payload-too-large' });
    });

    it('a body that is not JSON by its Content-Type (415)', async () => {
      const result = await post({ headers: { 'Content-Type': 'text/plain' } });

      expect(expectProblem(result, 415)).toMatchObject({ type: '/problems/unsupported-media-type' });
    });

    it('a query parameter the route does not take (400 with errors)', async () => {
      const result = await post({ query: { dryRun: 'true' } });

      expect(expectProblem(result, 400).errors).toEqual([{ path: '/dryRun', message: 'Unknown field' }]);
    });
  });
});
