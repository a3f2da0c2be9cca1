import type { Connection } from './live';

/** What the live domain needs from storage: a user's connections. */
export interface ConnectionsStore {
  add(connection: Connection): Promise<void>;
  /** Every connection of the user still stored, expired ones included (TTL removes them late). */
  listForUser(userId: string): Promise<Connection[]>;
  remove(connection: Pick<Connection, 'userId' | 'connectionId'>): Promise<void>;
}

/** What a post to a connection came to: sent, the connection no longer exists (410), or it failed otherwise. */
export type PostOutcome = 'delivered' | 'gone' | 'failed';

/** Pushes to open connections (the API Gateway Management API in AWS, its stand-in locally). */
export interface ConnectionPoster {
  /** Never throws: a slow or dead client must not hold the others back. */
  post(connectionId: string, message: string): Promise<PostOutcome>;
  /** Closes a connection; never throws (it may be gone already). */
  close(connectionId: string): Promise<void>;
}

/** Verifies an id token the way the REST API's Cognito authorizer does. */
export interface IdTokenVerifier {
  /** The user and the token's expiry (epoch seconds); throws when the token is not valid. */
  verify(token: string): Promise<{ readonly userId: string; readonly expiresAt: number }>;
}
