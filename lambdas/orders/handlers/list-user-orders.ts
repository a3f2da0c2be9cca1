import { NotFoundError } from '../../shared/errors';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/respond';
import { pageQuery } from '../../shared/pagination';
import { createDynamoOrdersStore } from '../store';

const store = createDynamoOrdersStore();

export const handler = httpHandler(async (event) => {
  const caller = requireCaller(event);
  const userId = pathParameter(event, 'id');
  // Someone else's list is answered as if the user did not exist, so user ids cannot be probed.
  if (userId !== caller.id && !caller.isAdmin) throw new NotFoundError('User');
  const page = await store.listUserOrders(userId, parseQuery(event, pageQuery));
  return json(200, page);
});
