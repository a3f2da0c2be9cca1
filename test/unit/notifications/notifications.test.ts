import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../lambdas/shared/errors';
import { assertCanReadNotifications, notificationFor } from '../../../lambdas/notifications/notifications';
import { envelope } from './fixtures';

const EVENT_ID = '01JNB3W5M2ZQ4Y0P9R6S7T8V1X';

describe('notificationFor', () => {
  it('welcomes a user who signed up, by name', () => {
    const event = envelope('UserSignedUp', EVENT_ID, { userId: 'user-1', name: 'Ada', email: 'ada@example.com' });

    expect(notificationFor(event)).toEqual({
      id: EVENT_ID,
      userId: 'user-1',
      type: 'UserSignedUp',
      message: 'Welcome, Ada!',
      createdAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it("tells the order's owner that it is confirmed", () => {
    const event = envelope('OrderConfirmed', EVENT_ID, { orderId: 'order-9', userId: 'user-1' });

    expect(notificationFor(event)).toMatchObject({ userId: 'user-1', type: 'OrderConfirmed', message: 'Your order order-9 is confirmed.' });
  });

  it("tells the order's owner that it was rejected, and why", () => {
    const event = envelope('OrderRejected', EVENT_ID, { orderId: 'order-9', userId: 'user-1', reason: 'Out of stock' });

    expect(notificationFor(event)).toMatchObject({
      userId: 'user-1',
      type: 'OrderRejected',
      message: 'Your order order-9 was rejected: Out of stock',
    });
  });

  it("tells the order's owner that it was cancelled", () => {
    const event = envelope('OrderCancelled', EVENT_ID, { orderId: 'order-9', userId: 'user-1', previousStatus: 'PENDING' });

    expect(notificationFor(event)).toMatchObject({ userId: 'user-1', type: 'OrderCancelled', message: 'Your order order-9 was cancelled.' });
  });

  it("takes its id from the causing event and its time from when the event occurred", () => {
    const event = { ...envelope('OrderConfirmed', 'EVENT-42', { orderId: 'o', userId: 'u' }), occurredAt: '2024-12-31T23:59:59.000Z' };

    expect(notificationFor(event)).toMatchObject({ id: 'EVENT-42', createdAt: '2024-12-31T23:59:59.000Z' });
  });
});

describe('assertCanReadNotifications', () => {
  const kindOf = (fn: () => void): string => {
    try {
      fn();
      return 'no error';
    } catch (error) {
      if (error instanceof DomainError) return error.kind;
      throw error;
    }
  };

  it('lets the owner read their notifications', () => {
    expect(kindOf(() => assertCanReadNotifications({ id: 'user-1', isAdmin: false }, 'user-1'))).toBe('no error');
  });

  it("lets an admin read someone else's notifications", () => {
    expect(kindOf(() => assertCanReadNotifications({ id: 'admin-1', isAdmin: true }, 'user-1'))).toBe('no error');
  });

  it("tells another user that someone else's notifications do not exist", () => {
    expect(kindOf(() => assertCanReadNotifications({ id: 'user-2', isAdmin: false }, 'user-1'))).toBe('not-found');
  });
});
