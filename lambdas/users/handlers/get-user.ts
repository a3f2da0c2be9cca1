import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { pathParameter, requireNoBody } from '../../shared/http/request';
import { etagOf, json } from '../../shared/http/respond';
import { dynamoDbUsersStore } from '../store';
import { assertCanRead } from '../users';

const store = dynamoDbUsersStore(documentClient, tableName('users'));

/** GET /v1/users/{id}: the owner or an admin reads a profile; anyone else is told it does not exist. */
export const handler = httpHandler(async (event) => {
  const caller = requireCaller(event);
  const id = pathParameter(event, 'id');
  assertCanRead(caller, id);
  requireNoBody(event);
  const user = await store.get(id);
  if (!user) throw new NotFoundError('User');
  return json(200, user, { etag: etagOf(user.version) });
});
