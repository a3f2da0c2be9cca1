import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { updateOrder } from '../commands';
import { cancelOrder as route } from '../contract';
import { assertCanCancel, cancelOrder } from '../orders';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });

export const handler = routeHandler(route, async ({ caller, params, correlationId }) => {
  const cancelled = await updateOrder(store, params.id, (order) => {
    assertCanCancel(order, caller);
    const transition = cancelOrder(order, { correlationId });
    return { transition, result: transition.order };
  });
  return { body: cancelled };
});
