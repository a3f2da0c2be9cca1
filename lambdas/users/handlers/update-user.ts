import { documentClient } from '../../shared/clients';
import { tableName } from '../../shared/env';
import { NotFoundError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/route';
import { etagOf, versionFromIfMatch } from '../../shared/http/respond';
import { updateUser } from '../contract';
import { dynamoDbUsersStore } from '../store';
import { assertCanUpdate, assertVersion, requireExpectedVersion, updateProfile } from '../users';

const store = dynamoDbUsersStore(documentClient, { users: tableName('users') });

/**
 * PATCH /v1/users/{id}: the owner changes their name or email, naming the version they saw in
 * If-Match. Checks run cheapest first and touch no table until the request is known to be valid.
 */
export const handler = routeHandler(
  updateUser,
  async ({ params, body, header, correlationId }) => {
    const expectedVersion = requireExpectedVersion(versionFromIfMatch(header('If-Match')));
    const current = await store.get(params.id);
    if (!current) throw new NotFoundError('User');
    assertVersion(current, expectedVersion);
    const { user, event: updated } = updateProfile(current, body, correlationId);
    await store.update(user, expectedVersion, updated);
    return { body: user, headers: { etag: etagOf(user.version) } };
  },
  { authorize: ({ caller, params }) => assertCanUpdate(caller, params.id) },
);
