import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/route';
import { getOrder } from '../contract';
import { assertCanRead } from '../orders';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });

export const handler = routeHandler(getOrder, async ({ caller, params }) => {
  const order = await store.getOrder(params.id);
  if (!order) throw new NotFoundError('Order');
  assertCanRead(order, caller);
  return { body: order };
});
