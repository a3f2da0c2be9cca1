import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { NotFoundError } from '../../shared/errors';
import { assertCanRead } from '../orders';
import { createDynamoOrdersStore } from '../store';

const store = createDynamoOrdersStore();

export const handler = httpHandler(async (event) => {
  const caller = requireCaller(event);
  const order = await store.getOrder(pathParameter(event, 'id'));
  if (!order) throw new NotFoundError('Order');
  assertCanRead(order, caller);
  return json(200, order);
});
