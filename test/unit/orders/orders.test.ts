import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../../lambdas/shared/errors';
import {
  assertCanCancel,
  assertCanRead,
  canTransition,
  cancelOrder,
  confirmOrder,
  placeOrder,
  rejectOrder,
  settleOrder,
  totalOf,
  type Order,
  type OrderStatus,
} from '../../../lambdas/orders/orders';
import { anOrder } from './fixtures';

const origin = { correlationId: 'corr-1' };
const NOW = '2025-02-03T04:05:06.000Z';
const STATUSES: OrderStatus[] = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('placeOrder', () => {
  const prices = new Map([
    ['p-1', 500],
    ['p-2', 250],
  ]);

  it('prices every line and totals quantity times unit price', () => {
    const { order } = placeOrder({ userId: 'user-1', lines: [{ productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 2 }] }, prices, origin);

    expect(order).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      userId: 'user-1',
      items: [
        { productId: 'p-1', quantity: 3, unitPriceCents: 500 },
        { productId: 'p-2', quantity: 2, unitPriceCents: 250 },
      ],
      totalCents: 2000,
      status: 'PENDING',
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
  });

  it('emits OrderPlaced about the order, carrying the correlation id', () => {
    const { order, event } = placeOrder({ userId: 'user-1', lines: [{ productId: 'p-2', quantity: 4 }] }, prices, origin);

    expect(event).toMatchObject({
      type: 'OrderPlaced',
      source: 'orders',
      subject: order.id,
      correlationId: 'corr-1',
      data: { orderId: order.id, userId: 'user-1', items: [{ productId: 'p-2', quantity: 4, unitPriceCents: 250 }], totalCents: 1000 },
    });
  });

  it('refuses unknown products with a 422 error naming every one of them', () => {
    const place = () =>
      placeOrder({ userId: 'user-1', lines: [{ productId: 'p-1', quantity: 1 }, { productId: 'ghost', quantity: 1 }, { productId: 'gone', quantity: 1 }] }, prices, origin);

    expect(place).toThrow(UnprocessableError);
    expect(place).toThrow(/ghost, gone/);
  });
});

describe('totalOf', () => {
  it('is zero for no items and sums every line otherwise', () => {
    expect(totalOf([])).toBe(0);
    expect(totalOf([{ productId: 'a', quantity: 100, unitPriceCents: 1999 }, { productId: 'b', quantity: 1, unitPriceCents: 1 }])).toBe(199_901);
  });
});

describe('the state machine', () => {
  const allowed: [OrderStatus, OrderStatus][] = [
    ['PENDING', 'CONFIRMED'],
    ['PENDING', 'REJECTED'],
    ['PENDING', 'CANCELLED'],
    ['CONFIRMED', 'CANCELLED'],
  ];

  it.each(STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const)))('%s -> %s is allowed only if listed', (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  const operations: Record<'CONFIRMED' | 'REJECTED' | 'CANCELLED', (order: Order) => { order: Order; event: { type: string; data: unknown } }> = {
    CONFIRMED: (order) => confirmOrder(order, origin),
    REJECTED: (order) => rejectOrder(order, 'out of stock', origin),
    CANCELLED: (order) => cancelOrder(order, origin),
  };
  const cases = STATUSES.flatMap((from) => (Object.keys(operations) as (keyof typeof operations)[]).map((to) => [from, to] as const));

  it.each(cases.filter(([from, to]) => canTransition(from, to)))('%s -> %s bumps version and updatedAt', (from, to) => {
    const before = anOrder({ status: from, version: 4 });

    const { order } = operations[to](before);

    expect(order).toEqual({ ...before, status: to, version: 5, updatedAt: NOW, ...(to === 'REJECTED' ? { reason: 'out of stock' } : {}) });
  });

  it.each(cases.filter(([from, to]) => !canTransition(from, to)))('%s -> %s is a conflict', (from, to) => {
    const before = anOrder({ status: from });

    expect(() => operations[to](before)).toThrow(ConflictError);
  });

  it('cancel emits OrderCancelled with the status it was cancelled from', () => {
    const { event } = cancelOrder(anOrder({ status: 'CONFIRMED' }), origin);

    expect(event).toMatchObject({
      type: 'OrderCancelled',
      subject: anOrder().id,
      correlationId: 'corr-1',
      data: { orderId: anOrder().id, userId: 'user-1', previousStatus: 'CONFIRMED' },
    });
  });

  it('confirm emits OrderConfirmed and reject emits OrderRejected with the reason', () => {
    expect(confirmOrder(anOrder(), origin).event).toMatchObject({ type: 'OrderConfirmed', data: { orderId: anOrder().id, userId: 'user-1' } });
    expect(rejectOrder(anOrder(), 'p-1 is out of stock', origin).event).toMatchObject({
      type: 'OrderRejected',
      data: { orderId: anOrder().id, userId: 'user-1', reason: 'p-1 is out of stock' },
    });
  });
});

describe('settleOrder', () => {
  it('confirms a PENDING order when stock was reserved', () => {
    const settlement = settleOrder(anOrder(), { reserved: true }, origin);

    expect(settlement).toMatchObject({ outcome: 'applied', transition: { order: { status: 'CONFIRMED' }, event: { type: 'OrderConfirmed' } } });
  });

  it('rejects a PENDING order with the reason when stock was not reserved', () => {
    const settlement = settleOrder(anOrder(), { reserved: false, reason: 'insufficient stock' }, origin);

    expect(settlement).toMatchObject({
      outcome: 'applied',
      transition: { order: { status: 'REJECTED', reason: 'insufficient stock' }, event: { type: 'OrderRejected' } },
    });
  });

  it.each(['CONFIRMED', 'REJECTED'] as const)('treats an answer for a %s order as a duplicate', (status) => {
    expect(settleOrder(anOrder({ status }), { reserved: true }, origin)).toEqual({ outcome: 'duplicate' });
  });

  it('ignores an answer for a CANCELLED order', () => {
    expect(settleOrder(anOrder({ status: 'CANCELLED' }), { reserved: true }, origin)).toEqual({ outcome: 'ignored' });
  });
});

describe('access', () => {
  const order = anOrder({ userId: 'owner' });

  it('lets the owner and admins read, and tells anyone else the order does not exist', () => {
    expect(() => assertCanRead(order, { id: 'owner', isAdmin: false })).not.toThrow();
    expect(() => assertCanRead(order, { id: 'admin', isAdmin: true })).not.toThrow();
    expect(() => assertCanRead(order, { id: 'other', isAdmin: false })).toThrow(NotFoundError);
  });

  it('lets only the owner cancel: an admin is forbidden, anyone else sees no order', () => {
    expect(() => assertCanCancel(order, { id: 'owner', isAdmin: false })).not.toThrow();
    expect(() => assertCanCancel(order, { id: 'admin', isAdmin: true })).toThrow(ForbiddenError);
    expect(() => assertCanCancel(order, { id: 'other', isAdmin: false })).toThrow(NotFoundError);
  });
});
