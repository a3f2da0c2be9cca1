import { sqsConsumer } from '../../shared/consumer';
import { applyStockOutcome } from '../commands';
import { createDynamoOrdersStore } from '../store';

const store = createDynamoOrdersStore();

/**
 * The inventory's answer settles a PENDING order. A missing order throws on purpose: the message
 * is retried and, if the order never appears, parked on the dead-letter queue for a human.
 */
export const handler = sqsConsumer({
  StockReserved: (event) =>
    applyStockOutcome(store, event.data.orderId, { reserved: true }, { correlationId: event.correlationId }),
  StockReservationFailed: (event) =>
    applyStockOutcome(store, event.data.orderId, { reserved: false, reason: event.data.reason }, { correlationId: event.correlationId }),
});
