/** The live domain: who may connect, what a client's message is answered with, who an event is pushed to. */
import * as z from 'zod/mini';
import type { EnvelopeOf } from '../shared/events/envelope';
import { clientMessage, type liveConsumer, type ServerMessage } from './contract';
import type { ConnectionPoster, ConnectionsStore, IdTokenVerifier, PostOutcome } from './ports';

export interface Connection {
  readonly userId: string;
  readonly connectionId: string;
  /** The token's expiry, epoch seconds: the connection's TTL, and when the server closes it. */
  readonly expiresAt: number;
  readonly connectedAt: string;
}

/** One of the events the consumer subscribes to, narrowed by `type`. */
export type LiveEvent = EnvelopeOf<(typeof liveConsumer.events)[number]>;

/** Why a connection is refused: the handshake answers 401 (API Gateway's answer to an authorizer's `Unauthorized`). */
export class UnauthorizedError extends Error {
  constructor(readonly reason: string) {
    super('Unauthorized');
    this.name = 'UnauthorizedError';
  }
}

/** The user has as many open connections as the stage allows: the handshake answers 429. */
export class TooManyConnectionsError extends Error {
  constructor(readonly limit: number) {
    super(`At most ${limit} open connections per user`);
    this.name = 'TooManyConnectionsError';
  }
}

/** The user a connection's query string authenticates (`token`, `apiKey`), or UnauthorizedError. */
export const authorize = async (
  query: Readonly<Record<string, string | undefined>> | null | undefined,
  verifier: IdTokenVerifier,
): Promise<{ userId: string; expiresAt: number; apiKey: string }> => {
  const token = query?.token;
  const apiKey = query?.apiKey;
  if (!token) throw new UnauthorizedError('The query parameter token is required');
  if (!apiKey) throw new UnauthorizedError('The query parameter apiKey is required');
  try {
    return { ...(await verifier.verify(token)), apiKey };
  } catch {
    throw new UnauthorizedError('The token is not a valid id token');
  }
};

/**
 * Records a new connection of a user, unless they have `maxPerUser` open already. Two connects
 * at the same instant can both pass the count: the bound is a guard against runaway clients,
 * not an exact quota, so no transaction is spent on it.
 */
export const openConnection = async (store: ConnectionsStore, connection: Connection, maxPerUser: number, nowSeconds: number): Promise<void> => {
  const open = (await store.listForUser(connection.userId)).filter((existing) => existing.expiresAt > nowSeconds);
  if (open.length >= maxPerUser) throw new TooManyConnectionsError(maxPerUser);
  await store.add(connection);
};

const NOT_JSON = 'The message is not JSON: send {"action":"ping"}';
const UNKNOWN = 'Unknown message: the only one understood is {"action":"ping"}';

/** The answer to a client's message: pong for a ping, an error (and the connection stays open) for anything else. */
export const answer = (body: string | undefined): ServerMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { type: 'error', detail: NOT_JSON };
  }
  return z.safeParse(clientMessage, parsed).success ? { type: 'pong' } : { type: 'error', detail: UNKNOWN };
};

/** What a client receives of an event: the envelope less what only services need (version, source). */
const pushedMessage = (event: LiveEvent): ServerMessage => ({
  type: event.type,
  id: event.id,
  occurredAt: event.occurredAt,
  correlationId: event.correlationId,
  subject: event.subject,
  data: event.data,
});

/** How an event's delivery went, connection by connection. */
export type DeliveryReport = Readonly<Record<PostOutcome | 'expired', number>>;

/**
 * Pushes an event to every open connection of the user it concerns (each of these events names
 * its user in `data.userId`), and of nobody else. Connections that are gone (410) are forgotten,
 * expired ones closed and forgotten. No connection's failure fails the event: delivery is best
 * effort, at most once per connection.
 */
export const deliver = async (
  event: LiveEvent,
  store: ConnectionsStore,
  poster: ConnectionPoster,
  nowSeconds: number,
): Promise<DeliveryReport> => {
  const report = { delivered: 0, gone: 0, failed: 0, expired: 0 };
  const connections = await store.listForUser(event.data.userId);
  const message = JSON.stringify(pushedMessage(event));
  await Promise.all(
    connections.map(async (connection) => {
      try {
        if (connection.expiresAt <= nowSeconds) {
          report.expired += 1;
          await poster.close(connection.connectionId);
          await store.remove(connection);
          return;
        }
        const outcome = await poster.post(connection.connectionId, message);
        report[outcome] += 1;
        if (outcome === 'gone') await store.remove(connection);
      } catch {
        // Forgetting a dead connection failed: it is tried again on the user's next event, and TTL removes it anyway.
        report.failed += 1;
      }
    }),
  );
  return report;
};
