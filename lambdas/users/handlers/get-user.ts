import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/route';
import { etagOf } from '../../shared/http/respond';
import { getUser } from '../contract';
import { dynamoDbUsersStore } from '../store';
import { assertCanRead } from '../users';

const store = dynamoDbUsersStore(documentClient, { users: tableName('users') });

/** GET /v1/users/{id}: the owner or an admin reads a profile; anyone else is told it does not exist. */
export const handler = routeHandler(
  getUser,
  async ({ params }) => {
    const user = await store.get(params.id);
  if (!user) throw new NotFoundError('User');
  return { body: user, headers: { etag: etagOf(user.version) } };
  },
  { authorize: ({ caller, params }) => assertCanRead(caller, params.id) },
);
