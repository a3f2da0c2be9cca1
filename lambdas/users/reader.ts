import type { StoreFactory } from '../shared/store';
import { dynamoDbUsersStore } from './store';
import type { User } from './users';

/** What other services may read of users: a profile by id, read-only. */
export interface UsersReader {
  profile(userId: string): Promise<User | undefined>;
}

export const usersReader: StoreFactory<UsersReader, 'users'> = (client, tables) => {
  const store = dynamoDbUsersStore(client, tables);
  return { profile: (userId) => store.get(userId) };
};
