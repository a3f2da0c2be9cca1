import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/route';
import { listUserOrders } from '../contract';
import { dynamoOrdersStore } from '../store';

const store = dynamoOrdersStore(documentClient, { orders: tableName('orders') });

export const handler = routeHandler(
  listUserOrders,
  async ({ params, query }) => ({ body: await store.listUserOrders(params.id, query) }),
  {
    // Someone else's list is answered as if the user did not exist, so user ids cannot be probed.
    authorize: ({ caller, params }) => {
      if (params.id !== caller.id && !caller.isAdmin) throw new NotFoundError('User');
    },
  },
);
