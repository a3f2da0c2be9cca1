import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { requireCaller } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { header, parseBody, pathParameter } from '../../shared/http/request';
import { etagOf, json, versionFromIfMatch } from '../../shared/http/respond';
import { updateUserBody } from '../schemas';
import { dynamoDbUsersStore } from '../store';
import { assertCanUpdate, assertVersion, requireExpectedVersion, updateProfile } from '../users';

const store = dynamoDbUsersStore(documentClient, tableName('users'));

/**
 * PATCH /v1/users/{id}: the owner changes their name or email, naming the version they saw in
 * If-Match. Checks run cheapest first and touch no table until the request is known to be valid.
 */
export const handler = httpHandler(async (event, request) => {
  const caller = requireCaller(event);
  const id = pathParameter(event, 'id');
  assertCanUpdate(caller, id);
  const patch = parseBody(event, updateUserBody);
  const expectedVersion = requireExpectedVersion(versionFromIfMatch(header(event, 'if-match')));
  const current = await store.get(id);
  if (!current) throw new NotFoundError('User');
  assertVersion(current, expectedVersion);
  const { user, event: updated } = updateProfile(current, patch, request.correlationId);
  await store.update(user, expectedVersion, updated);
  return json(200, user, { etag: etagOf(user.version) });
});
