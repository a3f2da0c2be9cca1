import { documentClient } from '../../shared/clients';
import { sqsConsumer } from '../../shared/consumer';
import { tableName } from '../../shared/env';
import { applyStockOutcome } from '../commands';
import { ordersConsumer } from '../contract';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });

/**
 * The inventory's answer settles a PENDING order. A missing order throws on purpose: the message
 * is retried and, if the order never appears, parked on the dead-letter queue for a human.
 */
export const handler = sqsConsumer(ordersConsumer, {
  StockReserved: (event) =>
    applyStockOutcome(store, event.data.orderId, { reserved: true }, { correlationId: event.correlationId }),
  StockReservationFailed: (event) =>
    applyStockOutcome(store, event.data.orderId, { reserved: false, reason: event.data.reason }, { correlationId: event.correlationId }),
});
