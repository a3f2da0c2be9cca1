import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REQUEST_CONFLICT_RETRY, retryConflicts } from '../shared/conflict-retry';
import { failedConditionIndexes } from '../shared/dynamo-errors';
import { ConflictError, VersionMismatchError } from '../shared/errors';
import { outboxPut } from '../shared/outbox';
import type { StoreFactory } from '../shared/store';
import type { UsersStore } from './ports';
import type { User } from './users';

/** Where a profile lives: the only place of the users table's key layout. */
const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'PROFILE' });

const itemOf = (user: User) => ({ ...userKey(user.id), kind: 'user', ...user });

const userOf = (item: Record<string, unknown>): User => {
  const { id, name, email, createdAt, updatedAt, version } = item as unknown as User;
  return { id, name, email, createdAt, updatedAt, version };
};

/** The user item is always the first of a transaction, so its condition is reported at index 0. */
const USER_ITEM = 0;

/**
 * Runs a transaction and turns a failed condition on the user item into `onConditionFailed`.
 * Exposed to transaction conflicts: two requests on one profile (a double-clicked PATCH) write
 * the same item. A cancellation because another transaction held the item (two PATCHes racing with the same
 * ETag, in DynamoDB proper) is tried again, so that the version condition decides the outcome:
 * one 200 and one 412, never a 500. Any other cancellation (throttling, the outbox item's guard),
 * or a conflict that outlasts the retries, is rethrown as is: it is not a business outcome, and a
 * 409 or 412 would hide it.
 */
const transactOrFail = (client: DynamoDBDocumentClient, command: TransactWriteCommand, onConditionFailed: () => Error) =>
  retryConflicts(async () => {
    try {
      await client.send(command);
    } catch (error) {
      if (failedConditionIndexes(error).includes(USER_ITEM)) throw onConditionFailed();
      throw error;
    }
  }, REQUEST_CONFLICT_RETRY);

/** The DynamoDB adapter for users: one profile item per user, written with its outbox item. */
export const dynamoDbUsersStore: StoreFactory<UsersStore, 'users'> = (client, { users: table }) => ({
  async get(id) {
    // Strongly consistent: a client that PATCHes again with the ETag it just received must not
    // be refused because an eventually consistent read still sees the previous version.
    const { Item } = await client.send(new GetCommand({ TableName: table, Key: userKey(id), ConsistentRead: true }));
    return Item ? userOf(Item) : undefined;
  },

  async create(user, event) {
    const command = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: itemOf(user), ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(table, event),
      ],
    });
    await transactOrFail(client, command, () => new ConflictError('A profile already exists for this user.'));
  },

  async update(user, expectedVersion, event) {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: itemOf(user),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          },
        },
        outboxPut(table, event),
      ],
    });
    await transactOrFail(client, command, () => new VersionMismatchError());
  },
});
