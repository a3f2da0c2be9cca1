import type { EnvelopeFor } from '../event-catalog';
import type { Envelope } from '../../../lambdas/shared/events/envelope';
import type { Reservation, ReserveResult } from '../../../lambdas/inventory/inventory';
import type { InventoryStore, RecordResult } from '../../../lambdas/inventory/ports';

type Operation = 'reserve' | 'recordFailure' | 'release' | 'recordCancellation';

/**
 * The store's contract in memory, with the semantics of its DynamoDB conditions: each write is
 * atomic and checks its condition at the moment it runs. `before` lets a test slip a concurrent
 * delivery in between a handler's read and its write, which is where the races are.
 */
export class InMemoryInventoryStore implements InventoryStore {
  readonly stock = new Map<string, number>();
  readonly reservations = new Map<string, Reservation>();
  readonly events: Envelope[] = [];
  readonly before: Partial<Record<Operation, () => Promise<unknown>>> = {};
  /** Every stock level the store has held, to assert it never went negative. */
  readonly stockHistory: number[] = [];

  constructor(stock: Record<string, number> = {}) {
    for (const [productId, units] of Object.entries(stock)) this.stock.set(productId, units);
  }

  eventTypes(): string[] {
    return this.events.map((event) => event.type);
  }

  async getReservation(orderId: string): Promise<Reservation | undefined> {
    return this.reservations.get(orderId);
  }

  async reserve(reservation: Reservation, event: EnvelopeFor<'StockReserved'>): Promise<ReserveResult> {
    await this.runBefore('reserve');
    if (this.reservations.has(reservation.orderId)) return { kind: 'already-recorded' };
    for (const { productId, quantity } of reservation.items) {
      const units = this.stock.get(productId);
      if (units === undefined) return { kind: 'refused', productId, cause: 'unknown-product' };
      if (units < quantity) return { kind: 'refused', productId, cause: 'insufficient-stock' };
    }
    for (const { productId, quantity } of reservation.items) this.setStock(productId, this.stock.get(productId)! - quantity);
    this.reservations.set(reservation.orderId, reservation);
    this.events.push(event);
    return { kind: 'reserved' };
  }

  async recordFailure(reservation: Reservation, event: EnvelopeFor<'StockReservationFailed'>): Promise<RecordResult> {
    await this.runBefore('recordFailure');
    if (this.reservations.has(reservation.orderId)) return 'already-recorded';
    this.reservations.set(reservation.orderId, reservation);
    this.events.push(event);
    return 'written';
  }

  async release(reservation: Reservation, event: EnvelopeFor<'StockReleased'>): Promise<RecordResult> {
    await this.runBefore('release');
    if (this.reservations.get(reservation.orderId)?.status !== 'RESERVED') return 'already-recorded';
    for (const { productId, quantity } of reservation.items) this.setStock(productId, this.stock.get(productId)! + quantity);
    this.reservations.set(reservation.orderId, reservation);
    this.events.push(event);
    return 'written';
  }

  async recordCancellation(reservation: Reservation): Promise<RecordResult> {
    await this.runBefore('recordCancellation');
    if (this.reservations.has(reservation.orderId)) return 'already-recorded';
    this.reservations.set(reservation.orderId, reservation);
    return 'written';
  }

  private setStock(productId: string, units: number): void {
    this.stock.set(productId, units);
    this.stockHistory.push(units);
  }

  /** A hook runs once: the concurrent delivery it stands for happens once. */
  private async runBefore(operation: Operation): Promise<void> {
    const hook = this.before[operation];
    delete this.before[operation];
    await hook?.();
  }
}
