import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { routeHandler } from '../../shared/http/route';
import { etagOf } from '../../shared/http/respond';
import { createUser } from '../contract';
import { dynamoDbUsersStore } from '../store';
import { signUp } from '../users';

const store = dynamoDbUsersStore(documentClient, { users: tableName('users') });

/** POST /v1/users: the caller creates their own profile; its id is the token's `sub`. */
export const handler = routeHandler(createUser, async ({ caller, body, correlationId }) => {
  const { user, event: signedUp } = signUp(caller.id, body, correlationId);
  await store.create(user, signedUp);
  return { body: user, headers: { location: `/v1/users/${encodeURIComponent(user.id)}`, etag: etagOf(user.version) } };
});
