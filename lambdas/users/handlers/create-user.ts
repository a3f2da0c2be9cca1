import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { parseBody } from '../../shared/http/request';
import { etagOf, json } from '../../shared/http/respond';
import { createUserBody } from '../schemas';
import { dynamoDbUsersStore } from '../store';
import { signUp } from '../users';

const store = dynamoDbUsersStore(documentClient, tableName('users'));

/** POST /v1/users: the caller creates their own profile; its id is the token's `sub`. */
export const handler = httpHandler(async (event, request) => {
  const caller = requireCaller(event);
  const body = parseBody(event, createUserBody);
  const { user, event: signedUp } = signUp(caller.id, body, request.correlationId);
  await store.create(user, signedUp);
  return json(201, user, { location: `/v1/users/${encodeURIComponent(user.id)}`, etag: etagOf(user.version) });
});
