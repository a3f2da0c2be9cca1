import type { Envelope } from '../shared/events/envelope';
import type { StockReleased, StockReservationFailed, StockReserved } from '../products/events';
import type { Reservation, ReserveResult } from './inventory';

/** Whether a conditional write of a reservation record went through or found the record already there. */
export type RecordResult = 'written' | 'already-recorded';

/** The port the inventory domain is given; store.ts implements it on DynamoDB. */
export interface InventoryStore {
  /** Strongly consistent: a decision must see the latest write of a concurrent delivery. */
  getReservation(orderId: string): Promise<Reservation | undefined>;
  /** All or nothing: every line taken from stock, the RESERVED record and the event. */
  reserve(reservation: Reservation, event: Envelope<typeof StockReserved>): Promise<ReserveResult>;
  /** The FAILED record and its event, unless the order already has a record. */
  recordFailure(reservation: Reservation, event: Envelope<typeof StockReservationFailed>): Promise<RecordResult>;
  /** RESERVED -> RELEASED, every line back to stock, and the event; `already-recorded` if it was no longer RESERVED. */
  release(reservation: Reservation, event: Envelope<typeof StockReleased>): Promise<RecordResult>;
  /** A CANCELLED record for an order not reserved yet, unless the order already has a record. */
  recordCancellation(reservation: Reservation): Promise<RecordResult>;
}

