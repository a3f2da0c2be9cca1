import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { pathParameter, requireNoBody } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { updateOrder } from '../commands';
import { assertCanCancel, cancelOrder } from '../orders';
import { createDynamoOrdersStore } from '../store';

const store = createDynamoOrdersStore();

export const handler = httpHandler(async (event, { correlationId }) => {
  const caller = requireCaller(event);
  requireNoBody(event);
  const cancelled = await updateOrder(store, pathParameter(event, 'id'), (order) => {
    assertCanCancel(order, caller);
    const transition = cancelOrder(order, { correlationId });
    return { transition, result: transition.order };
  });
  return json(200, cancelled);
});
