import { describe, expect, it } from 'vitest';
import {
  MAX_RESERVATION_LINES,
  decideCancellation,
  outcomeOfRecordedOrder,
  refusalReason,
  reservationLines,
  type Reservation,
  type ReservationStatus,
} from '../../../lambdas/inventory/inventory';

const reservation = (status: ReservationStatus): Reservation => ({
  orderId: 'order-1',
  status,
  items: [{ productId: 'p-1', quantity: 2 }],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('reservationLines', () => {
  it('keeps one line per product, summing the quantities of a repeated product', () => {
    const lines = reservationLines([
      { productId: 'p-1', quantity: 2 },
      { productId: 'p-2', quantity: 1 },
      { productId: 'p-1', quantity: 3 },
    ]);

    expect(lines).toEqual([
      { productId: 'p-1', quantity: 5 },
      { productId: 'p-2', quantity: 1 },
    ]);
  });

  it('refuses more products than one transaction can hold', () => {
    const items = Array.from({ length: MAX_RESERVATION_LINES + 1 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 }));

    expect(() => reservationLines(items)).toThrow(/one transaction/);
  });

  it('accepts exactly as many products as one transaction can hold', () => {
    const items = Array.from({ length: MAX_RESERVATION_LINES }, (_, i) => ({ productId: `p-${i}`, quantity: 1 }));

    expect(reservationLines(items)).toHaveLength(MAX_RESERVATION_LINES);
  });
});

describe('refusalReason', () => {
  it('names the product that lacks stock', () => {
    expect(refusalReason('p-9', 'insufficient-stock')).toBe('Insufficient stock for product p-9');
  });

  it('names a product that does not exist', () => {
    expect(refusalReason('p-9', 'unknown-product')).toBe('Unknown product p-9');
  });
});

describe('outcomeOfRecordedOrder', () => {
  it('ignores an order that was cancelled before it was placed', () => {
    expect(outcomeOfRecordedOrder(reservation('CANCELLED'))).toBe('ignored');
  });

  it.each<ReservationStatus>(['RESERVED', 'FAILED', 'RELEASED'])('treats an order already %s as a duplicate', (status) => {
    expect(outcomeOfRecordedOrder(reservation(status))).toBe('duplicate');
  });
});

describe('decideCancellation', () => {
  it('releases a RESERVED reservation', () => {
    const reserved = reservation('RESERVED');

    expect(decideCancellation(reserved)).toEqual({ kind: 'release', reservation: reserved });
  });

  it('leaves a tombstone when the order has no reservation yet', () => {
    expect(decideCancellation(undefined)).toEqual({ kind: 'tombstone' });
  });

  it.each<ReservationStatus>(['RELEASED', 'CANCELLED'])('does nothing for a reservation already %s (a redelivery)', (status) => {
    expect(decideCancellation(reservation(status))).toEqual({ kind: 'nothing', outcome: 'duplicate' });
  });

  it('does nothing for a FAILED reservation, which never took stock', () => {
    expect(decideCancellation(reservation('FAILED'))).toEqual({ kind: 'nothing', outcome: 'ignored' });
  });
});
