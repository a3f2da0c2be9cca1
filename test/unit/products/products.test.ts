import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ULID_PATTERN } from '../../../lambdas/shared/ids';
import { newProduct } from '../../../lambdas/products/products';

const NOW = '2025-02-01T09:30:00.000Z';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date(NOW), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('newProduct', () => {
  const body = { name: 'Espresso cup', priceCents: 1250, stock: 40 };

  it('builds version 1 of the product with a fresh ULID and the current time', () => {
    const { product } = newProduct(body, { correlationId: 'corr-1' });

    expect(product).toEqual({ id: expect.stringMatching(ULID_PATTERN), ...body, createdAt: NOW, updatedAt: NOW, version: 1 });
  });

  it('announces the product with ProductCreated, carried by the request correlation id', () => {
    const { product, event } = newProduct(body, { correlationId: 'corr-1' });

    expect(event).toEqual({
      id: expect.stringMatching(ULID_PATTERN),
      type: 'ProductCreated',
      version: 1,
      source: 'products',
      occurredAt: NOW,
      correlationId: 'corr-1',
      subject: product.id,
      data: { productId: product.id, ...body },
    });
  });

  it('gives every product its own id', () => {
    const first = newProduct(body, { correlationId: 'corr-1' }).product.id;
    const second = newProduct(body, { correlationId: 'corr-1' }).product.id;

    expect(second).not.toBe(first);
  });
});
